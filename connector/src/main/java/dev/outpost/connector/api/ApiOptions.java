package dev.outpost.connector.api;

import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the Outpost API is and the credential to call it with: a mixin of the managing commands.
 */
public final class ApiOptions {

  @Option(
      names = "--api",
      defaultValue = "${env:OUTPOST_API:-http://localhost:8080}",
      description = "the Outpost API (or OUTPOST_API; default ${DEFAULT-VALUE})")
  URI api;

  @Option(
      names = "--api-token",
      defaultValue = "${env:OUTPOST_API_TOKEN}",
      description = "an Outpost API token (or OUTPOST_API_TOKEN), or a Keycloak access token")
  String token;

  /** A client for the API, or a usage error when there is no credential. */
  public ApiClient client(CommandLine.Model.CommandSpec spec) {
    if (token == null || token.isBlank()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "an API token is needed: pass --api-token or set OUTPOST_API_TOKEN (create one in the"
              + " portal or with POST /v1/api-tokens)");
    }
    return new ApiClient(api, token.trim());
  }
}
