# devserver in a container: serves /app (the sample app unless you mount
# yours) on 0.0.0.0:3000 and reloads as files change.
#
#   docker build -t devserver .
#   docker run --rm -p 3000:3000 -v "$PWD":/app devserver
#   docker run --rm -p 3000:3000 -e DEVSERVER_POLL=1 -v "$PWD":/app devserver   # macOS/Windows bind mounts
#   docker run --rm -p 3000:3000 devserver --check=false /app                  # other flags: replace CMD
#
# Two images come out of this file:
#
#   default (last stage)  distroless, about 26 MB: the devserver binary, nothing
#                         else. No go command, so no background type check and
#                         no third-party modules in route code (the standard
#                         library, next and your module's own packages work).
#   --target dev-go       the Go image plus the binary: the type check, modules
#                         your go.mod requires (downloaded at run time), and
#                         `devserver build`, `check`, `tidy`, `typegen`.
#
# Both run as the non-root user 65532 (nonroot). On Linux, add
# `--user "$(id -u):$(id -g)"` when the server should write into your mount
# (typegen's params_gen.go for a new route folder).
#
# The base images are arguments so that the same file can be built where the
# registries are out of reach, from stand-ins made locally: see
# scripts/docker-check.
ARG GO_IMAGE=docker.io/library/golang:1.26-bookworm
ARG BASE_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# A cache mount keeps compiled packages between builds (a cold compile of the
# interpreter's symbol tables takes minutes); it is not part of any image.
# (Docker's BuildKit, the default builder since Docker 23, and podman/buildah
# support it; the legacy builder does not.)
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/devserver .

# --target dev-go: the toolchain stays, for the type check and modules.
FROM ${GO_IMAGE} AS dev-go
RUN echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> /etc/passwd \
 && echo 'nonroot:x:65532:' >> /etc/group \
 && mkdir -p /home/nonroot/go \
 && chown -R 65532:65532 /home/nonroot
# The module cache of the build: the modules devserver itself needs, so that
# type-checking the sample app works offline.
COPY --from=build --chown=65532:65532 /go/pkg/mod /home/nonroot/go/pkg/mod
# The devserver module, which the sample app's go.mod replaces with "../":
# pointed here instead, for the go command's sake.
COPY --from=build /src /usr/local/src/devserver
COPY --from=build /out/devserver /usr/local/bin/devserver
COPY --from=build --chown=65532:65532 /src/sample-app /app
RUN go mod edit -replace=github.com/devserver/devserver=/usr/local/src/devserver /app/go.mod
USER 65532:65532
ENV HOME=/home/nonroot GOPATH=/home/nonroot/go PORT=3000
WORKDIR /app
# Type-checks the sample app (failing the build if it does not compile) and
# so fills the build cache: the first background type check in a new
# container then takes seconds instead of a cold compile.
RUN devserver check /app
EXPOSE 3000
# devserver runs as PID 1 without an init (tini, --init): it supervises the
# dev server's process, passes signals on and reaps orphaned processes.
ENTRYPOINT ["/usr/local/bin/devserver", "-H", "0.0.0.0"]
CMD ["/app"]

# The default: small, no go command.
FROM ${BASE_IMAGE}
COPY --from=build /out/devserver /usr/local/bin/devserver
COPY --from=build --chown=65532:65532 /src/sample-app /app
USER 65532:65532
WORKDIR /app
ENV PORT=3000
EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/devserver", "-H", "0.0.0.0"]
CMD ["/app"]
