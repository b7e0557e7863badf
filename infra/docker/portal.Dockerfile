# portal: the tenant web portal, a Quarkus fast-jar on a plain JRE.
# Build context: the repository root, after `./mvnw -DskipTests package`
# (this file only copies portal/target/quarkus-app; it never runs Maven).
#   docker build -f infra/docker/portal.Dockerfile -t outpost/portal:latest .
FROM eclipse-temurin:21-jre

# A fixed non-root uid, so volume and securityContext settings can name it.
RUN groupadd --system --gid 10001 outpost \
 && useradd --system --uid 10001 --gid outpost --home-dir /deployments --shell /usr/sbin/nologin outpost

WORKDIR /deployments
# Dependencies first: they change less often than the application, so this layer stays cached.
# Owned by root and read-only to the service: it never writes its own code.
COPY portal/target/quarkus-app/lib/ lib/
COPY portal/target/quarkus-app/quarkus/ quarkus/
COPY portal/target/quarkus-app/app/ app/
COPY portal/target/quarkus-app/quarkus-run.jar quarkus-run.jar

# Quarkus listens on 0.0.0.0 in prod mode; the JBoss log manager is what Quarkus logging expects.
ENV QUARKUS_HTTP_PORT=8083 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"

USER 10001
EXPOSE 8083

# bash builtins instead of curl: nothing extra to install or patch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${QUARKUS_HTTP_PORT} && printf 'GET /q/health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]

# sh -c so JAVA_OPTS is expanded; exec so java is PID 1 and gets SIGTERM for a graceful stop.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar \"$@\"", "portal"]
