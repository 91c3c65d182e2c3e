# newsarchive: a static binary on a minimal, non-root base.
#
#   docker build -t newsarchive .
#   docker run -d --name newsarchive -p 8080:8080 -v newsarchive-data:/data newsarchive
#
# Build stage: Go 1.26, CGO off (the SQLite driver is pure Go), so the binary
# needs no libc.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/newsarchive ./cmd/newsarchive \
 && mkdir -p /out/data

# Run stage: distroless static (CA certificates, time zones, /etc/passwd; no
# shell). It runs as the "nonroot" user, uid/gid 65532.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsarchive /newsarchive
# /data belongs to the non-root user, so a new named volume mounted there
# does too. (A bind-mounted host directory must be writable by uid 65532.)
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV NEWSARCHIVE_DATA=/data
VOLUME ["/data"]
EXPOSE 8080
# No shell or curl in the image: the binary checks itself (exit 0 healthy, 1 not).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/newsarchive", "healthcheck", "--url", "http://127.0.0.1:8080/healthz"]
# SIGTERM (docker stop) shuts down cleanly: give it more than the default 10 s
# with `docker stop -t 30` if exports or scrapes are long.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/newsarchive"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--schedule", "@hourly", "--site", "rferl"]
