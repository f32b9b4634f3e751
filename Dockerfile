# longpoll on the official Payara Micro image, configured by payara-config exactly as
# ./mvnw -Prun does (same pre-boot command file and system properties, same context root).
FROM eclipse-temurin:21-jdk AS build
# The page is built by the machine's npm (see pom.xml): take Node.js from its official image.
COPY --from=node:22-bookworm /usr/local/bin/node /usr/local/bin/node
COPY --from=node:22-bookworm /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM payara/micro:7.2025.1-jdk21
# The image runs as its non-root user "payara".
COPY payara-config /opt/payara/payara-config
COPY --from=build /src/target/longpoll.war /opt/payara/deployments/longpoll.war
# Settings come from the environment, e.g. -e LONGPOLL_REDIS_URL=redis://redis:6379 (see README).
EXPOSE 8080
CMD ["--deploy", "/opt/payara/deployments/longpoll.war", "--contextroot", "/", "--nocluster", \
     "--prebootcommandfile", "/opt/payara/payara-config/pre-boot-commands.asadmin", \
     "--systemproperties", "/opt/payara/payara-config/system.properties"]
