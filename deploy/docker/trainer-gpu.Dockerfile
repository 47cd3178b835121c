# The trainer on NVIDIA GPUs: the same fast-jar as deploy/docker/Dockerfile, plus DJL's CUDA build of libtorch.
#   docker build -f deploy/docker/trainer-gpu.Dockerfile -t framewise/trainer-gpu .
#
# How DJL picks libtorch: PYTORCH_LIBRARY_PATH names a folder holding libtorch (used first); PYTORCH_FLAVOR
# names the flavour (cpu, cu128, ...) and with it the JNI library in the pytorch-jni jar
# (jnilib/linux-x86_64/cu128/libdjl_torch.so for pytorch-jni 2.7.1-0.35.1). Without PYTORCH_FLAVOR, DJL guesses
# "cu" + the CUDA version of the driver, which need not be a flavour that exists for PyTorch 2.7.1: set it.
# The CUDA libtorch is not on Maven Central (only pytorch-native-cpu 2.7.1 is, which the application bundles);
# it is fetched here, at build time, from DJL's distribution site, so the trainer stays offline at run time.
# Never set PYTORCH_VERSION: the jni artifact names libtorch 2.7.1 (root pom: djl.version 0.35.1,
# libtorch.version 2.7.1).
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

FROM debian:bookworm-20250407-slim AS libtorch
ARG LIBTORCH_VERSION=2.7.1
ARG LIBTORCH_FLAVOR=cu128
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
# files.txt lists <flavour>/<platform>/native/lib/<library>.gz; take this flavour's Linux x86_64 libraries.
RUN set -eu; \
    base="https://publish.djl.ai/pytorch/${LIBTORCH_VERSION}"; \
    mkdir -p /opt/libtorch/lib; \
    curl -fsSL "${base}/files.txt" -o /tmp/files.txt; \
    grep "^${LIBTORCH_FLAVOR}/linux-x86_64/native/lib/" /tmp/files.txt > /tmp/wanted.txt; \
    test -s /tmp/wanted.txt; \
    while read -r f; do \
      curl -fsSL "${base}/$(echo "$f" | sed 's/+/%2B/g')" | gunzip > "/opt/libtorch/lib/$(basename "$f" .gz)"; \
    done < /tmp/wanted.txt; \
    ls -l /opt/libtorch/lib

FROM ${JRE_IMAGE}
ARG UID=10001
RUN groupadd --system --gid "${UID}" framewise \
 && useradd --system --uid "${UID}" --gid framewise --home-dir /work --create-home --shell /usr/sbin/nologin framewise

COPY --from=libtorch /opt/libtorch /opt/libtorch
WORKDIR /deployments
COPY --chown=${UID}:${UID} services/trainer/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=${UID}:${UID} services/trainer/target/quarkus-app/quarkus-run.jar /deployments/quarkus-run.jar
COPY --chown=${UID}:${UID} services/trainer/target/quarkus-app/app/ /deployments/app/
COPY --chown=${UID}:${UID} services/trainer/target/quarkus-app/quarkus/ /deployments/quarkus/

ENV FRAMEWISE_HTTP_PORT=8084 \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/work/tmp" \
    PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_FLAVOR=cu128 \
    DJL_CACHE_DIR=/work/.djl \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    OMP_WAIT_POLICY=PASSIVE \
    LANG=C.UTF-8 \
    HOME=/work

USER ${UID}:${UID}
RUN mkdir -p /work/tmp
EXPOSE 8084

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${FRAMEWISE_HTTP_PORT} && printf "GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200"'

ENTRYPOINT ["/bin/sh", "-c", "exec java ${JAVA_OPTS} -jar /deployments/quarkus-run.jar"]
