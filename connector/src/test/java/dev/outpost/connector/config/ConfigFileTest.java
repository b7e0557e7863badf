package dev.outpost.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path dir;

  /** The file from the usual cloudflared guides, as a user would bring it. */
  static final String CLOUDFLARED_EXAMPLE =
      """
      tunnel: 6ff42ae2-765d-4adf-8112-31c55c1551ef
      credentials-file: /etc/cloudflared/credentials.json
      ingress:
        # Route traffic for your-app.com to the Docker service
        - hostname: your-app.com
          service: http://app:3000
        # Route traffic for an internal monitoring tool
        - hostname: status.your-app.com
          service: http://monitoring:8080
        # Catch-all 404
        - service: http_status:404
      """;

  private Path write(String name, String content) throws Exception {
    var file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aCloudflaredConfigWorksAsItIs() throws Exception {
    var config = ConfigFile.load(write("config.yml", CLOUDFLARED_EXAMPLE));
    assertThat(config.tunnel()).isEqualTo("6ff42ae2-765d-4adf-8112-31c55c1551ef");
    assertThat(config.credentialsFile()).isEqualTo(Path.of("/etc/cloudflared/credentials.json"));
    assertThat(config.ingress().rules()).hasSize(3);
    assertThat(config.ingress().match("status.your-app.com", "/").index()).isEqualTo(1);
    assertThat(config.ingress().match("other.example", "/").rule().service())
        .hasToString("http_status:404");
  }

  @Test
  void aRelativeCredentialsFileIsFoundNextToTheConfig() throws Exception {
    var config =
        ConfigFile.load(write("config.yml", "tunnel: web\ncredentials-file: creds.json\n"));
    assertThat(config.credentialsFile()).isEqualTo(dir.resolve("creds.json"));
    assertThat(config.ingress()).as("remotely managed: no rules here").isNull();
  }

  @Test
  void aCredentialsFileUnderTildeIsInTheUsersHome() throws Exception {
    var config =
        ConfigFile.load(
            write("config.yml", "tunnel: web\ncredentials-file: ~/.cloudflared/web.json\n"));
    assertThat(config.credentialsFile())
        .isEqualTo(ConfigFile.userHome().resolve(".cloudflared/web.json"));
  }

  @Test
  void problemsAreNamedForTheUser() throws Exception {
    assertThatThrownBy(() -> ConfigFile.load(dir.resolve("missing.yml")))
        .hasMessageContaining("there is no configuration file at");
    assertThatThrownBy(
            () -> ConfigFile.load(write("bad.yml", "ingress:\n  - service: [unclosed\n")))
        .hasMessageContaining("is not valid YAML at line");
    assertThatThrownBy(() -> ConfigFile.load(write("list.yml", "- a\n- b\n")))
        .hasMessageContaining("must hold a YAML mapping");
    assertThatThrownBy(
            () ->
                ConfigFile.load(
                    write(
                        "rules.yml",
                        "ingress:\n  - hostname: a.example.com\n    service: http://localhost:80\n")))
        .hasMessageContaining("has invalid ingress rules")
        .hasMessageContaining("ingress[0]");
  }
}
