package org.ctiserver.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.ctiserver.core.stats.QueueSnapshot;
import org.ctiserver.pbxsim.Distribution;
import org.ctiserver.pbxsim.SimulatorConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The supervisor's view with real traffic: the server connected over AMI to the simulated PBX, calls
 * flowing, and the wallboard in headless Chromium showing the figures move and match the server's.
 */
@Tag("integration")
class WallboardLiveIT {
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM_LOG.setLevel(Level.SEVERE);
    }

    @Test
    void wallboard_showsCallsFlowing() throws Exception {
        assertTrue(CHROMEDRIVER.canExecute(), "no /usr/bin/chromedriver: run scripts/install-test-deps.sh");
        SimulatorConfig.Builder sim = SimulatorConfig.builder().host("127.0.0.1").port(0).seed(3).timeScale(10)
                .callType(SimulatorConfig.CallType.of("sales-zh", "sales").withSkills("lang.zh:3").withRate(60).withPatience(60))
                .callType(SimulatorConfig.CallType.of("support", "support").withRate(30).withPatience(60));
        SimulatorConfig.Phone phone = new SimulatorConfig.Phone("0", Distribution.fixed(2), 0, Distribution.lognormal(30, 0.4), false, true);
        Path profile = Files.createTempDirectory("wallboard-live");
        WebDriver driver = null;
        try (SimulatedSite site = SimulatedSite.start(EndToEndIT.siteYaml(), sim, phone, SimulatedSite.fastBots())) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--window-size=1600,1000", "--user-data-dir=" + profile);
            driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                    .usingAnyFreePort().build(), options);
            driver.get(site.baseUrl() + "/wallboard?lang=zh-CN");

            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            By offered = By.cssSelector("[data-queue='sales'] [data-field='offered']");
            wait.until(d -> number(d, offered) > 0);
            long first = number(driver, offered);
            // the page keeps following the server as more calls arrive
            wait.until(d -> number(d, offered) >= first + 5);
            wait.until(d -> number(d, By.cssSelector("[data-queue='sales'] [data-field='answered']")) > 0);

            // what the page shows is what the server counts (the page is at most a push behind)
            QueueSnapshot server = site.server.engine().stats().queues().stream()
                    .filter(q -> q.queueId().equals("sales")).findFirst().orElseThrow();
            assertThat(number(driver, offered)).isBetween(server.offered() - 15, server.offered());
            assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("实时");
            Files.copy(((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/wallboard-live.png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static long number(WebDriver driver, By by) {
        String text = driver.findElement(by).getText().trim();
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }
}
