# Skein worker image: builds the runnable jar with Maven, then runs it on a JRE
# as an unprivileged user. Build context: the repository root.
#   docker build -t skein-worker .
#   docker run -e TEMPORAL_ADDRESS=host:7233 skein-worker

# --- build -------------------------------------------------------------------
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# Poms first, so the dependency download stays cached until a pom changes.
COPY pom.xml ./
COPY testkit/pom.xml testkit/
COPY workflows/pom.xml workflows/
COPY storage/pom.xml storage/
COPY activities/pom.xml activities/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
RUN mvn -B -q -pl starter -am dependency:go-offline || true
COPY . .
RUN mvn -B -q -DskipTests package -pl starter -am \
    && cp starter/target/skein.jar /skein.jar

# --- runtime -----------------------------------------------------------------
FROM eclipse-temurin:17.0.13_11-jre
RUN groupadd --system skein \
    && useradd --system --gid skein --home-dir /home/skein --create-home --shell /usr/sbin/nologin skein
COPY --from=build /skein.jar /app/skein.jar
USER skein
WORKDIR /home/skein
# Temporal's own environment configuration, read by the worker. Storage (SKEIN_STORAGE,
# SKEIN_S3_*) defaults to files under /home/skein/.local/share/skein/payloads, which only this
# container sees: several workers need a shared store (docker-compose.yml uses MinIO).
ENV TEMPORAL_ADDRESS=localhost:7233 \
    TEMPORAL_NAMESPACE=default \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# SIGTERM reaches the JVM directly (exec form), so the worker drains and exits cleanly.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-cp", "/app/skein.jar", "dev.skein.worker.WorkerMain"]
