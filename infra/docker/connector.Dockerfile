# The Outpost connector: the agent a tenant runs next to their apps. It only dials out (to the
# edge's tunnel listener, OUTPOST_EDGE), so the image exposes no port.
# Build context: the repository root, after `./mvnw -DskipTests package`
# (this file only copies the shaded connector/target/connector.jar; it never runs Maven).
#   docker build -f infra/docker/connector.Dockerfile -t outpost/connector:latest .
FROM eclipse-temurin:21-jre

RUN groupadd --system --gid 10001 outpost \
 && useradd --system --uid 10001 --gid outpost --home-dir /opt/outpost --shell /usr/sbin/nologin outpost

# Owned by root and read-only to the connector.
COPY connector/target/connector.jar /opt/outpost/connector.jar

# Heap sized from the container's memory limit; the serial collector, as the connector's live data
# is small and G1 costs it about a fifth of its throughput. Override JAVA_OPTS to change either.
ENV JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75"

USER 10001
WORKDIR /opt/outpost

# No HEALTHCHECK: the connector serves no HTTP endpoint to probe. Run it with a restart policy
# (`restart: always` in the sidecar example) so an exit brings it back.

# sh -c so JAVA_OPTS is expanded; exec so java is PID 1 and gets SIGTERM for a clean stop.
# Arguments (default: tunnel run) go to the CLI; the token comes from TUNNEL_TOKEN in the
# environment, so it never shows in the process list.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/outpost/connector.jar \"$@\"", "connector"]
CMD ["tunnel", "run"]
