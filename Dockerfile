# The API server image. Build from the repository root:
#   docker build -t enforcement-api .
FROM rust:1.95-bookworm AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
COPY Cargo.toml Cargo.lock ./
COPY api ./api
COPY tests ./tests
COPY migrations ./migrations
RUN cargo build --release --locked -p api --bin api

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /var/lib/enforcement --create-home enforcement \
 && install -d -o enforcement -g enforcement /var/lib/enforcement/data/attachments
COPY --from=build /src/target/release/api /usr/local/bin/api
USER enforcement
WORKDIR /var/lib/enforcement
ENV BIND_ADDR=0.0.0.0:8080 \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/api/v1/ready || exit 1
ENTRYPOINT ["/usr/local/bin/api"]
CMD ["serve"]
