# devserver in a container: serves /app (the sample app unless you mount yours)
# on 0.0.0.0:3000 and reloads as files change.
#
#   docker build -t devserver .
#   docker run -p 3000:3000 -v "$PWD":/app devserver
#   docker run -p 3000:3000 -e DEVSERVER_POLL=1 -v "$PWD":/app devserver   # macOS/Windows bind mounts
#
# The base images are arguments so that the same file can be built where the
# registries are out of reach, from stand-ins made locally.
ARG GO_IMAGE=golang:1.26-bookworm
ARG BASE_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/devserver .

FROM ${BASE_IMAGE}
COPY --from=build /out/devserver /usr/local/bin/devserver
COPY --from=build --chown=65532:65532 /src/sample-app /app
USER 65532:65532
WORKDIR /app
ENV PORT=3000
EXPOSE 3000
ENTRYPOINT ["/usr/local/bin/devserver", "-H", "0.0.0.0"]
CMD ["/app"]
