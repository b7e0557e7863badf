package dev.outpost.access.login;

/** The login cannot go on; the message is for the user's page and the log (no secrets in it). */
public class LoginException extends RuntimeException {
  public LoginException(String message) {
    super(message);
  }
}
