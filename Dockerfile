# The collector (with the dashboard) as an image, for docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 run build
ENV VIGIL_HOST=0.0.0.0 \
    VIGIL_PORT=4318
EXPOSE 4318
CMD ["node", "packages/collector/dist/main.js"]
