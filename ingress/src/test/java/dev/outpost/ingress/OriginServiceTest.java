package dev.outpost.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.outpost.ingress.OriginService.HelloWorld;
import dev.outpost.ingress.OriginService.Http;
import dev.outpost.ingress.OriginService.HttpStatus;
import dev.outpost.ingress.OriginService.Tcp;
import dev.outpost.ingress.OriginService.UnixSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OriginServiceTest {

  static Stream<Arguments> services() {
    return Stream.of(
        arguments("http://localhost:8080", http("http://localhost:8080"), "http://localhost:8080"),
        arguments("http://localhost:8080/", http("http://localhost:8080"), "http://localhost:8080"),
        arguments("https://app.internal", http("https://app.internal"), "https://app.internal"),
        arguments("HTTP://LocalHost:80", http("http://localhost:80"), "http://localhost:80"),
        arguments("http://my_app:3000", http("http://my_app:3000"), "http://my_app:3000"),
        arguments("http://127.0.0.1:8000", http("http://127.0.0.1:8000"), "http://127.0.0.1:8000"),
        arguments("http://[::1]:8080", http("http://[::1]:8080"), "http://[::1]:8080"),
        arguments("tcp://db:5432", new Tcp("tcp", "db", 5432), "tcp://db:5432"),
        arguments("ssh://bastion.lan", new Tcp("ssh", "bastion.lan", 22), "ssh://bastion.lan:22"),
        arguments(
            "ssh://localhost:2222", new Tcp("ssh", "localhost", 2222), "ssh://localhost:2222"),
        arguments("rdp://desktop", new Tcp("rdp", "desktop", 3389), "rdp://desktop:3389"),
        arguments("tcp://[fd00::5]:22", new Tcp("tcp", "fd00::5", 22), "tcp://[fd00::5]:22"),
        arguments(
            "unix:/run/app.sock",
            new UnixSocket(Path.of("/run/app.sock"), false),
            "unix:/run/app.sock"),
        arguments(
            "unix+tls:/run/app.sock",
            new UnixSocket(Path.of("/run/app.sock"), true),
            "unix+tls:/run/app.sock"),
        arguments("http_status:404", new HttpStatus(404), "http_status:404"),
        arguments("http_status:503", new HttpStatus(503), "http_status:503"),
        arguments("hello_world", new HelloWorld(), "hello_world"),
        arguments("hello-world", new HelloWorld(), "hello_world"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void parsesCloudflaredServices(String text, OriginService expected, String canonical) {
    OriginService service = OriginService.parse(text);

    assertThat(service).isEqualTo(expected);
    assertThat(service.toString()).isEqualTo(canonical);
    assertThat(OriginService.parse(canonical)).isEqualTo(service);
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "\"\"                           | is not a supported service; use one of: http://host[:port]",
        "localhost:8080               | is not a supported service",
        "ftp://files                  | unsupported scheme 'ftp'",
        "ws://chat:8080               | unsupported scheme 'ws'",
        "bastion                      | a cloudflared service that Outpost does not support",
        "http://localhost:8080/api    | must not have a path: the request's own path is sent",
        "http://localhost:8080?x=1    | must not have a query or fragment; use http://localhost:8080",
        "http://localhost#top         | must not have a query or fragment",
        "http://:8080                 | has no host",
        "http://                      | has no host",
        "http://user:pw@host          | must not contain a user name or password",
        "http://app server            | has an invalid host",
        "http://localhost:0           | has an invalid port '0'; use 1 to 65535",
        "http://localhost:65536       | has an invalid port '65536'",
        "http://localhost:http        | has an invalid port 'http'",
        "http://localhost:            | has an invalid port ''",
        "http://::1:8080              | write an IPv6 address in brackets",
        "http://[::1                  | has an invalid IPv6 address",
        "tcp://db                     | needs a port, as in tcp://localhost:5432",
        "unix:                        | needs a socket path, as in unix:/run/app.sock",
        "unix+tls:                    | needs a socket path, as in unix+tls:/run/app.sock",
        "http_status:42               | needs a status code from 100 to 599",
        "http_status:600              | needs a status code from 100 to 599",
        "http_status:abc              | needs a status code from 100 to 599",
        "hello world                  | is not a supported service",
      })
  void refusesAnythingElse(String text, String messageFragment) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OriginService.parse(text))
        .withMessageContaining(messageFragment);
  }

  @ParameterizedTest(name = "{0} is {1} port {2}, tls {3}")
  @CsvSource({
    "http://localhost:8080, localhost, 8080, false",
    "http://localhost, localhost, 80, false",
    "https://localhost, localhost, 443, true",
    "https://my_app:8443, my_app, 8443, true",
    "http://[::1]:8080, ::1, 8080, false",
  })
  void httpServicesKnowTheirHostPortAndTls(String text, String host, int port, boolean tls) {
    Http service = (Http) OriginService.parse(text);

    assertThat(service.host()).isEqualTo(host);
    assertThat(service.port()).isEqualTo(port);
    assertThat(service.tls()).isEqualTo(tls);
  }

  @Test
  void recordsRefuseValuesNoServiceStringCouldGive() {
    assertThatIllegalArgumentException().isThrownBy(() -> new HttpStatus(99));
    assertThatIllegalArgumentException().isThrownBy(() -> new Tcp("smb", "files", 445));
    assertThatIllegalArgumentException().isThrownBy(() -> new Tcp("tcp", "db", 0));
    assertThatIllegalArgumentException().isThrownBy(() -> http("ftp://files"));
  }

  private static Http http(String url) {
    return new Http(URI.create(url));
  }
}
