# longpoll on JDK 25 and the Payara Micro the build uses (pom.xml's payara.version), started with
# payara-config exactly as ./mvnw -Prun starts it. Settings come
# from the environment (docs/configuration.md), e.g.
#   docker build -t longpoll . && docker run -p 8080:8080 -e LONGPOLL_REDIS_URL=redis://host:6379 longpoll
# DockerFilesTest (./mvnw verify) checks this file against the repository and the docs.

# The build needs a JDK 21+ and, for the page at /, npm (Node.js 20.19+): Node's official image,
# with the JDK of Temurin's official image copied in (it runs on any glibc Linux). Its package
# step also fetches the payara-micro.jar of pom.xml's payara.version into target/.
FROM node:22-bookworm AS build
COPY --from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# Fails rather than ship the note that stands in for the page when npm is missing.
RUN ./mvnw -B -q package -DskipTests && test -d target/frontend/assets && test -f target/payara-micro.jar

# JDK 25, which everything is tested and tuned on (Payara's own image of this version runs JDK 21,
# which pins a virtual thread blocked in synchronized code to its carrier and has no AOT cache).
# Temurin's JRE, which sizes its heap from the container's memory limit.
FROM eclipse-temurin:25-jre
# A non-root user of its own; named here so that no later change runs the server as root.
RUN useradd --system --create-home --home-dir /opt/payara --shell /bin/bash payara
USER payara
WORKDIR /opt/payara
COPY --from=build --chown=payara:payara /src/target/payara-micro.jar /opt/payara/payara-micro.jar
COPY --chown=payara:payara payara-config /opt/payara/payara-config
COPY --from=build --chown=payara:payara /src/target/longpoll.war /opt/payara/deployments/longpoll.war
# The AOT cache (JDK 25: classes loaded, parsed and linked, and method profiles): a training start
# (Payara Micro's --warmup: start, deploy the WAR, stop) writes what it loaded as its JVM exits,
# and every start of the container reads it instead of doing that again. The training starts as
# the entrypoint does (its jar, payara-config, the CMD below); no Redis answers here, so unlike the
# run command's it serves no load (docs/deployment.md). A JVM that cannot use the cache says so
# and starts without it. The training's runtime directory goes: Payara would deploy the WAR
# registered there at every start of the container, before the CMD's.
RUN java @/opt/payara/payara-config/jvm.options -XX:AOTCacheOutput=/opt/payara/longpoll.aot \
        -jar /opt/payara/payara-micro.jar --deploy /opt/payara/deployments/longpoll.war --contextroot / --nocluster \
        --rootdir /opt/payara/runtime --prebootcommandfile /opt/payara/payara-config/pre-boot-commands.asadmin \
        --postdeploycommandfile /opt/payara/payara-config/post-deploy-commands.asadmin \
        --systemproperties /opt/payara/payara-config/system.properties --warmup \
    && rm -rf /opt/payara/runtime
# The Redis of docker-compose.yml; any other with -e LONGPOLL_REDIS_URL=redis://host:port.
ENV LONGPOLL_REDIS_URL=redis://redis:6379
# The entrypoint passes JVM_ARGS to java: the run command's options (a heap of three quarters of
# the container's memory limit) and the cache. A node with a container of its own of about 5 GiB
# takes jvm-dedicated.options instead, with the same cache (docs/configuration.md):
#   -e JVM_ARGS="@/opt/payara/payara-config/jvm-dedicated.options -XX:AOTCache=/opt/payara/longpoll.aot"
ENV JVM_ARGS="@/opt/payara/payara-config/jvm.options -XX:AOTCache=/opt/payara/longpoll.aot"
EXPOSE 8080
# Ready once the WAR is deployed and reaches Redis: a raw request, with bash alone.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# java replaces the shell: it is the container's first process, and SIGTERM reaches it (docker stop
# and a rolling restart stop it gracefully, docs/deployment.md). A container restarted in place
# (compose's restart policy) would find its last runtime directory, with the WAR registered there,
# and deploy it before the CMD's: the shell empties it first, as the run command does.
ENTRYPOINT ["/bin/sh", "-c", "rm -rf /opt/payara/runtime && exec java $JVM_ARGS -jar /opt/payara/payara-micro.jar \"$@\"", "payara-micro"]
# Payara Micro's runtime directory is its own (--rootdir): one in /tmp is deleted as soon as SIGTERM
# comes, while the WAR still answers during the stop (payara-config/system.properties).
CMD ["--deploy", "/opt/payara/deployments/longpoll.war", "--contextroot", "/", "--nocluster", \
     "--rootdir", "/opt/payara/runtime", \
     "--prebootcommandfile", "/opt/payara/payara-config/pre-boot-commands.asadmin", \
     "--postdeploycommandfile", "/opt/payara/payara-config/post-deploy-commands.asadmin", \
     "--systemproperties", "/opt/payara/payara-config/system.properties"]
