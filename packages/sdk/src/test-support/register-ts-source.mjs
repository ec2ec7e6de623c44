// `node --import <this file> script.ts` runs SDK sources; see ts-source-hooks.mjs. Test support only.
import { register } from 'node:module'

register('./ts-source-hooks.mjs', import.meta.url)
