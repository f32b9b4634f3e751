# longpoll on the official Payara Micro image, of the Payara version the build uses (pom.xml's
# payara.version), started with payara-config exactly as ./mvnw -Prun starts it. Settings come
# from the environment (docs/configuration.md), e.g.
#   docker build -t longpoll . && docker run -p 8080:8080 -e LONGPOLL_REDIS_URL=redis://host:6379 longpoll
# DockerFilesTest (./mvnw verify) checks this file against the repository and the docs.
ARG PAYARA_VERSION=7.2025.1

# The build needs a JDK 21+ and, for the page at /, npm (Node.js 20.19+): Node's official image,
# with the JDK of Temurin's official image copied in (it runs on any glibc Linux).
FROM node:22-bookworm AS build
COPY --from=eclipse-temurin:21-jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# Fails rather than ship the note that stands in for the page when npm is missing.
RUN ./mvnw -B -q package -DskipTests && test -d target/frontend/assets

FROM payara/micro:${PAYARA_VERSION}-jdk21
# The image's own non-root user; named here so that no later change runs the server as root.
USER payara
COPY --chown=payara:payara payara-config /opt/payara/payara-config
COPY --from=build --chown=payara:payara /src/target/longpoll.war /opt/payara/deployments/longpoll.war
# Class data sharing: a training start (Payara Micro's --warmup: start, deploy the WAR, stop)
# writes the classes it loaded, parsed, to an archive that every start of the container maps
# instead of parsing them again. The image's JDK 21 has no AOT cache, which the run command
# trains on JDK 25 (linked classes and method profiles too): this archive is the part of it that
# JDK 21 has. The training starts as the entrypoint does (its jar, payara-config, the CMD below);
# no Redis answers here, which only readiness would notice. A JVM that cannot use the archive
# says so and starts without it. The training's runtime directory goes: Payara would deploy the
# WAR registered there at every start of the container, before the CMD's.
RUN java @/opt/payara/payara-config/jvm.options -XX:ArchiveClassesAtExit=/opt/payara/longpoll.jsa \
        -jar payara-micro.jar --deploy /opt/payara/deployments/longpoll.war --contextroot / --nocluster \
        --rootdir /opt/payara/runtime --prebootcommandfile /opt/payara/payara-config/pre-boot-commands.asadmin \
        --systemproperties /opt/payara/payara-config/system.properties --warmup \
    && rm -rf /opt/payara/runtime
# The Redis of docker-compose.yml; any other with -e LONGPOLL_REDIS_URL=redis://host:port.
ENV LONGPOLL_REDIS_URL=redis://redis:6379
# The image's entrypoint passes JVM_ARGS to java: the run command's options (a heap of three
# quarters of the container's memory limit) and the archive. A node with a container of its own
# of about 5 GiB takes jvm-dedicated.options instead, with the same archive (docs/configuration.md):
#   -e JVM_ARGS="@/opt/payara/payara-config/jvm-dedicated.options -XX:SharedArchiveFile=/opt/payara/longpoll.jsa"
ENV JVM_ARGS="@/opt/payara/payara-config/jvm.options -XX:SharedArchiveFile=/opt/payara/longpoll.jsa"
EXPOSE 8080
# Ready once the WAR is deployed and reaches Redis. The image has bash but no curl: a raw request.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Payara Micro's runtime directory is its own (--rootdir): one in /tmp is deleted as soon as SIGTERM
# comes, while the WAR still answers during the stop (payara-config/system.properties).
CMD ["--deploy", "/opt/payara/deployments/longpoll.war", "--contextroot", "/", "--nocluster", \
     "--rootdir", "/opt/payara/runtime", \
     "--prebootcommandfile", "/opt/payara/payara-config/pre-boot-commands.asadmin", \
     "--systemproperties", "/opt/payara/payara-config/system.properties"]
