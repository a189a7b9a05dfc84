package io.github.modemvoice.web;

import io.github.modemvoice.voicemail.DirectoryMessageStore;
import io.github.modemvoice.voicemail.VoicemailMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web mailbox in a real headless browser: Debian's {@code chromium} driven through its
 * {@code chromium-driver} by Selenium (installed by {@code .ci/run}; skipped with the reason when
 * absent). Selenium Manager is never asked to download anything: the driver's path is given.
 * The screenshot goes to {@code target/web-mailbox.png}, and also to the file named by the
 * system property {@code modemvoice.screenshot} (how {@code docs/web-mailbox.png} is made).
 */
class WebMailboxBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("modemvoice.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("modemvoice.chromedriver", "/usr/bin/chromedriver"));
    private static final String CALLER = "<b>Eve</b> \u202E+4915112344567";

    @TempDir
    static Path tmp;

    private static ChromeDriver driver;

    @BeforeAll
    static void startBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no chromium at " + CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER), "no chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--window-size=500,1000", "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        // a phone's screen: 390 CSS pixels wide (an iPhone 14's), touch, mobile viewport rules
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                Map.of("width", 390, "height", 844, "pixelRatio", 1.0, "touch", true, "mobile", true)));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void logInSeeAMessagePlayItMarkItHeardAndDeleteIt() throws Exception {
        try (DirectoryMessageStore store = new DirectoryMessageStore(tmp.resolve("vm"))) {
            WebFixture.store(store, Instant.parse("2026-11-20T09:02:11Z"), "+4930123456", "Please call back about the invoice.",
                    Duration.ofSeconds(2));
            VoicemailMessage m = WebFixture.store(store, Instant.parse("2026-11-21T22:15:03Z"), CALLER,
                    "Hi, it's Eve <script>alert(1)</script> calling about the delivery.", Duration.ofSeconds(1));
            store.markHeard(store.list().get(1).id(), true);
            try (WebMailbox web = WebMailbox.builder(store, Passwords.of(WebFixture.PASSWORD))
                    .address(new InetSocketAddress("127.0.0.1", 0))
                    .zone(ZoneId.of("Europe/Berlin"))
                    .directory(tmp.resolve("vm"))
                    .modemState(() -> "idle")
                    .start()) {
                String base = "http://127.0.0.1:" + web.address().getPort();
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
                wait.withMessage(() -> "at " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText());
                JavascriptExecutor js = driver;

                driver.get(base + "/");
                assertThat(driver.getCurrentUrl()).isEqualTo(base + "/login");
                driver.findElement(By.id("password")).sendKeys(WebFixture.PASSWORD);
                driver.findElement(By.cssSelector("form button[type=submit]")).click();
                wait.until(d -> d.getCurrentUrl().equals(base + "/"));

                // the stored message, its caller shown as text (no element made from it, no override acting)
                WebElement item = driver.findElement(By.id("m-" + m.id()));
                assertThat(item.getAttribute("class")).contains("new");
                // redacted in the list; the full number (policy full) opens on a click, as text, with a tel: link
                assertThat(item.findElement(By.cssSelector(".caller")).getText()).isEqualTo("+***4567");
                assertThat(item.findElement(By.cssSelector(".caller-full")).isDisplayed()).isFalse();
                item.findElement(By.cssSelector(".caller-reveal summary")).click();
                assertThat(item.findElement(By.cssSelector(".caller-full")).getText())
                        .isEqualTo("<b>Eve</b> [U+202E]+4915112344567");
                assertThat(item.findElement(By.cssSelector(".caller-reveal a")).getAttribute("href")).isEqualTo("tel:+4915112344567");
                assertThat(item.findElements(By.tagName("b"))).isEmpty();
                assertThat(item.findElements(By.tagName("script"))).isEmpty();
                assertThat(item.findElement(By.cssSelector(".transcript")).getText()).contains("<script>alert(1)</script>");
                assertThat(driver.findElement(By.cssSelector("[data-field=modem]")).getText()).isEqualTo("idle");
                assertThat(((Number) js.executeScript("return window.innerWidth;")).intValue()).isEqualTo(390);
                Object overflow = js.executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
                assertThat(overflow).as("the page fits a phone's width").isEqualTo(false);

                // play it: the element learns its duration from the WAV (range requests) and plays to the end
                WebElement audio = item.findElement(By.tagName("audio"));
                wait.until(d -> ((Number) js.executeScript("return arguments[0].readyState;", audio)).intValue() >= 1);
                double duration = ((Number) js.executeScript("return arguments[0].duration;", audio)).doubleValue();
                assertThat(duration).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
                screenshot();
                js.executeScript("arguments[0].play();", audio);
                wait.until(d -> Boolean.TRUE.equals(js.executeScript("return arguments[0].ended;", audio)));

                // mark it heard through the API (the page's script), then delete it with confirmation
                item.findElement(By.cssSelector(".heard-button")).click();
                wait.until(d -> d.findElement(By.id("m-" + m.id())).getAttribute("class").contains("heard"));
                assertThat(item.findElement(By.cssSelector(".heard-button")).getText()).isEqualTo("Mark new");
                assertThat(store.get(m.id())).get().extracting(VoicemailMessage::heard).isEqualTo(true);
                assertThat(driver.getCurrentUrl()).isEqualTo(base + "/"); // no reload: done by fetch

                item.findElement(By.cssSelector(".delete-link")).click();
                wait.until(d -> d.getCurrentUrl().endsWith("/messages/" + m.id() + "/delete"));
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Delete this message?");
                assertThat(store.get(m.id())).isPresent();
                driver.findElement(By.id("confirm-delete")).click();
                wait.until(d -> d.getCurrentUrl().equals(base + "/"));
                assertThat(driver.findElements(By.id("m-" + m.id()))).isEmpty();
                assertThat(store.get(m.id())).isEmpty();
                assertThat(store.list()).hasSize(1);
            }
        }
    }

    private static void screenshot() throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "web-mailbox.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("modemvoice.screenshot");
        if (docs != null) {
            Files.copy(shot.toPath(), Path.of(docs), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
