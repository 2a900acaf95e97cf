package borgcell.master.web.ui;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver}. The flags
 * keep it off the network (it otherwise calls Google's hosts for updates, sync and field
 * trials): the tests reach only loopback.
 */
final class HeadlessChromium implements AutoCloseable {
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1360,1000", "--lang=en-GB");

    // Selenium warns that it has no DevTools bindings for this Chromium; the test does not use them.
    // Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level.
    private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final Logger CHROMIUM_LOG = quiet("org.openqa.selenium.chromium.ChromiumDriver");

    private final ChromeDriver driver;

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /**
     * Starts the browser with a fresh profile. Without the Debian packages the test is skipped,
     * except under {@code CI=true}, where a missing browser must fail the build, not hide it.
     */
    static HeadlessChromium startOrSkip(Path profile) {
        return startOrSkip(profile, List.of());
    }

    /** As above, with more command-line flags for Chromium. */
    static HeadlessChromium startOrSkip(Path profile, List<String> flags) {
        Optional<Path> chromium = onPath("chromium", "chromium-browser");
        Optional<Path> chromedriver = onPath("chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String missing = "the web UI test needs headless Chromium: install Debian's packages `chromium` and "
                    + "`chromium-driver` (apt-get install chromium chromium-driver); not found on the PATH: "
                    + (chromium.isEmpty() ? "chromium " : "") + (chromedriver.isEmpty() ? "chromedriver" : "");
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments(FLAGS);
        options.addArguments(flags);
        options.addArguments("--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort()
                .withLogOutput(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return new HeadlessChromium(driver);
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * The flag that makes Chromium take the certificate in {@code file} although no CA it knows
     * issued it: that one certificate, by its public key, and nothing else.
     */
    static String trusting(Path file) {
        try (var in = Files.newInputStream(file)) {
            var certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            byte[] spki = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return "--ignore-certificate-errors-spki-list=" + java.util.Base64.getEncoder().encodeToString(spki);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens a URL; from a page already loaded, a change of the hash alone is no reload. */
    void open(String url) {
        driver.get(url);
    }

    /** Waits for what a page shows: it re-renders a table when its data changes, so a read element may be gone. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
    }

    void click(String css) {
        // A stale element throws before the click happens, so finding it again cannot click twice.
        await().atMost(Duration.ofSeconds(10)).ignoreException(StaleElementReferenceException.class)
                .ignoreException(NoSuchElementException.class)
                .until(() -> {
                    driver.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().strip();
    }

    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).map(String::strip).toList();
    }

    /** Saves what the browser shows as target/ui-screenshots/NAME.png and says where. */
    Path screenshot(String name) {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "ui-screenshots");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png").toAbsolutePath().normalize();
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            System.out.println("web UI screenshot: " + file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console's errors since the last call: uncaught exceptions, failed loads. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static Optional<Path> onPath(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(names)
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
