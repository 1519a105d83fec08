package org.ctiserver.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real browser: Debian's Chromium and chromedriver, nothing downloaded. */
@Tag("integration")
class WallboardBrowserTest {
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path SCREENSHOT = Path.of("/tmp/wallboard.png");
    private static final String SL_LABEL_ZH = "服务水平（20 秒接通率）";
    private static final String SL_LABEL_EN = "Service level (20 s)";
    /** Held so the level sticks: Selenium warns through JUL about CDP versions this test never uses. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    private WallboardServer server;
    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(CHROMEDRIVER.canExecute(), "no /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        server = new WallboardServer(new FakeCtiService(Snapshots.snapshot(1, 120, 100)),
                new WallboardOptions(Duration.ofMillis(250)));
        profile = Files.createTempDirectory("wallboard-chrome");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1920,1080", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void showsTheSnapshotFollowsChangesAndSwitchesLanguage() throws Exception {
        driver.get(server.uri(WallboardEndpoint.PAGE_PATH + "?lang=zh-CN").toString());

        awaitText(salesField("offered"), "120");
        assertThat(text(salesField("waiting"))).isEqualTo("3");
        assertThat(text(salesField("answered"))).isEqualTo("100");
        assertThat(text(salesField("abandoned"))).isEqualTo("12");
        assertThat(text(salesField("serviceLevel"))).isEqualTo("85%");
        assertThat(text(salesField("asa"))).isEqualTo("00:15");
        assertThat(text(salesField("aht"))).isEqualTo("03:25");
        assertThat(text(salesField("ready"))).isEqualTo("2");
        assertThat(text(salesField("reserved"))).isEqualTo("1");
        assertThat(text(salesField("talking"))).isEqualTo("5");
        assertThat(text(salesField("wrapUp"))).isEqualTo("1");
        assertThat(text(salesField("notReady"))).isEqualTo("1");
        assertThat(text(salesField("loggedIn"))).isEqualTo("10");
        assertThat(text(By.cssSelector("[data-queue='service'] [data-field='serviceLevel']"))).isEqualTo("—");
        assertThat(text(salesField("serviceLevelLabel"))).isEqualTo(SL_LABEL_ZH);
        assertThat(text(By.id("connection"))).isEqualTo("实时");
        assertThat(text(agentField("a2", "state"))).isEqualTo("示忙");
        assertThat(text(agentField("a2", "reason"))).isEqualTo("休息");
        assertThat(text(agentField("a1", "state"))).isEqualTo("通话中");
        assertThat(driver.findElements(By.cssSelector("#agent-rows tr"))).hasSize(3);

        // the same snapshot is pushed four times a second: the longest wait (42 s) still counts up
        String wait = text(salesField("longestWait"));
        assertThat(wait).matches("00:4[2-3]");
        new WebDriverWait(driver, Duration.ofSeconds(4)).until(d -> seconds(text(salesField("longestWait"))) >= 45);

        server.cti.setStats(Snapshots.snapshot(2, 125, 104));
        awaitText(salesField("offered"), "125");
        assertThat(text(salesField("answered"))).isEqualTo("104");
        Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);

        driver.findElement(By.id("lang-en")).click();
        awaitText(salesField("serviceLevelLabel"), SL_LABEL_EN);
        assertThat(htmlLang()).isEqualTo("en");
        assertThat(text(agentField("a2", "state"))).isEqualTo("Not ready");
        assertThat(text(agentField("a2", "reason"))).isEqualTo("Break");
        assertThat(text(By.id("title"))).isEqualTo("Wallboard");

        // the choice is remembered without ?lang=
        driver.get(server.uri(WallboardEndpoint.PAGE_PATH).toString());
        awaitText(salesField("offered"), "125");
        assertThat(text(salesField("serviceLevelLabel"))).isEqualTo(SL_LABEL_EN);

        driver.findElement(By.id("lang-zh")).click();
        awaitText(salesField("serviceLevelLabel"), SL_LABEL_ZH);
        assertThat(htmlLang()).isEqualTo("zh-CN");
        assertThat(text(By.id("title"))).isEqualTo("监控大屏");

        server.endpoint.close();
        awaitText(By.id("connection"), "连接中断");
    }

    private static By salesField(String field) {
        return By.cssSelector("[data-queue='sales'] [data-field='" + field + "']");
    }

    private static By agentField(String agentId, String field) {
        return By.cssSelector("#agent-rows tr[data-agent='" + agentId + "'] [data-field='" + field + "']");
    }

    /** The element's text; retried because the agent rows are rebuilt on every new snapshot. */
    private String text(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(2)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(by).getText());
    }

    private String htmlLang() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.documentElement.lang");
    }

    private void awaitText(By by, String expected) {
        new WebDriverWait(driver, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class).until(d -> {
            var found = d.findElements(by);
            return !found.isEmpty() && expected.equals(found.get(0).getText());
        });
    }

    private static int seconds(String mmss) {
        String[] parts = mmss.split(":");
        return Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
    }
}
