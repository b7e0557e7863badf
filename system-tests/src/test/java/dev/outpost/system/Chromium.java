package dev.outpost.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium}, driven through {@code chromium-driver}; no
 * browser is downloaded). The tenants' zones resolve to loopback, as DNS would send them to the
 * edge. Missing binaries fail the test with what to install: browser tests are never skipped.
 */
final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("outpost.chromium", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getProperty("outpost.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final Path DOCS_SHOTS =
      Path.of("..", "docs", "screenshots").toAbsolutePath().normalize();

  final ChromeDriver driver;
  private final Path profile;

  Chromium() throws IOException {
    for (var binary : List.of(BINARY, DRIVER)) {
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException(
            binary
                + " is missing: the portal's browser tests need Debian's chromium and"
                + " chromium-driver (apt-get install -y chromium chromium-driver), or"
                + " -Doutpost.chromium=... -Doutpost.chromedriver=... pointing at them");
      }
    }
    profile = Files.createTempDirectory("outpost-chromium");
    var options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        "--host-resolver-rules=MAP *.acme.example 127.0.0.1, MAP *.globex.example 127.0.0.1",
        "--user-data-dir=" + profile);
    var logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  /** Signs in at the portal through Keycloak's own login form; lands on the tunnels list. */
  void logIn(String portalUrl, String user) {
    forgetEveryone();
    driver.get(portalUrl + "/tunnels");
    until(d -> !d.findElements(By.id("kc-form-login")).isEmpty());
    type(By.id("username"), user);
    type(By.id("password"), "outpost");
    driver.findElement(By.id("kc-login")).click();
    until(d -> d.getCurrentUrl().startsWith(portalUrl + "/tunnels"));
  }

  /** Every cookie of every site gone: the next visit starts without any session. */
  void forgetEveryone() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  void open(String url) {
    driver.get(url);
  }

  WebElement find(By by) {
    return until(d -> d.findElements(by).isEmpty() ? null : d.findElement(by));
  }

  List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  boolean present(By by) {
    return !driver.findElements(by).isEmpty();
  }

  void type(By by, String text) {
    var field = find(by);
    field.clear();
    field.sendKeys(text);
  }

  void click(By by) {
    find(by).click();
  }

  String source() {
    return driver.getPageSource();
  }

  String title() {
    return driver.getTitle();
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T until(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
    return until(Duration.ofSeconds(30), condition);
  }

  <T> T until(
      Duration timeout, java.util.function.Function<org.openqa.selenium.WebDriver, T> condition) {
    // htmx replaces elements in place: one found a moment ago may be gone; look again.
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
          .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
          .until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "waited "
              + timeout.toSeconds()
              + " s in vain at "
              + driver.getCurrentUrl()
              + " ("
              + driver.getTitle()
              + "): "
              + driver.findElement(By.tagName("body")).getText(),
          e);
    }
  }

  void resize(int width, int height) {
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** The viewport of a phone (390 x 844 CSS pixels, a touch screen), whatever the window. */
  void phone() {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
  }

  /** Picks an option of a select by its value. */
  void select(By by, String value) {
    new org.openqa.selenium.support.ui.Select(find(by)).selectByValue(value);
  }

  /**
   * Submits a form the page never offered, with this browser's cookies and its valid CSRF token, as
   * a hand-made request from a signed-in user would.
   */
  void forgedPost(String path, Map<String, String> fields) {
    var all = new java.util.HashMap<>(fields);
    all.put("csrf-token", driver.manage().getCookieNamed("csrf-token").getValue());
    script(
        "const form = document.createElement('form');"
            + "form.method = 'post'; form.action = arguments[0];"
            + "for (const [name, value] of Object.entries(arguments[1])) {"
            + "  const input = document.createElement('input');"
            + "  input.type = 'hidden'; input.name = name; input.value = value;"
            + "  form.appendChild(input);"
            + "}"
            + "document.body.appendChild(form); form.submit();",
        path,
        all);
  }

  /** Controls a screen reader could not name: no label, aria-label or text. */
  @SuppressWarnings("unchecked")
  List<String> unlabelledControls() {
    return (List<String>)
        script(
            "return Array.from(document.querySelectorAll("
                + "'input:not([type=hidden]), select, textarea, button, a[href]'))"
                + ".filter(e => !e.closest('[aria-hidden=true]'))"
                + ".filter(e => !(e.getAttribute('aria-label')"
                + "  || e.getAttribute('aria-labelledby')"
                + "  || (e.id && document.querySelector('label[for=\"' + e.id + '\"]'))"
                + "  || e.closest('label')"
                + "  || ((e.tagName === 'BUTTON' || e.tagName === 'A') && e.textContent.trim())))"
                + ".map(e => e.outerHTML)");
  }

  /**
   * Elements that stick out of the window on the right, outside the boxes that scroll sideways on
   * purpose (wide tables); and the page itself, when it scrolls sideways.
   */
  @SuppressWarnings("unchecked")
  List<String> widerThanTheWindow() {
    return (List<String>)
        script(
            "const out = Array.from(document.querySelectorAll('body *'))"
                + ".filter(e => !e.closest('.scroll'))"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".map(e => e.tagName + '.' + e.className + '#' + e.id);"
                + "if (document.documentElement.scrollWidth > window.innerWidth + 1)"
                + "  out.push('the page: ' + document.documentElement.scrollWidth + 'px');"
                + "return out;");
  }

  /** Messages the page wrote to the console, such as content security policy violations. */
  List<String> console() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(entry -> entry.getLevel() + " " + entry.getMessage())
        .toList();
  }

  /**
   * A PNG of the page into {@code target/screenshots}; with {@code -Doutpost.update-screenshots}
   * also into {@code docs/screenshots}, which the README links to.
   */
  void screenshot(String name) throws IOException {
    script("window.scrollTo(0, 0)");
    var png = driver.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(SHOTS);
    Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    if (Boolean.getBoolean("outpost.update-screenshots")) {
      Files.createDirectories(DOCS_SHOTS);
      Files.copy(png, DOCS_SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
