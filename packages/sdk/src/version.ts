/** SDK version reported in the resource and the User-Agent; keep in step with package.json. */
export const VIGIL_SDK_VERSION = '0.1.0'
