package org.ctiserver.protocol.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.ctiserver.core.event.CtiEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The toolbar page in headless Chromium against the real engine: log in, go ready, take a call with its
 * screen pop, hang up, complete wrap-up, switch language. Needs Debian's chromium and chromium-driver
 * (and fonts-wqy-microhei for the Chinese in the screenshots).
 */
@Tag("integration")
class AgentToolbarBrowserIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOT = Path.of("/tmp/toolbar.png");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestBed bed;
    private WebDriver driver;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void start() throws IOException {
        assertThat(new File(CHROMIUM)).as("install: apt-get install -y chromium chromium-driver fonts-wqy-microhei")
                .canRead();
        assertThat(new File(CHROMEDRIVER)).as("install: apt-get install -y chromium-driver").canRead();
        bed = new TestBed();
        profile = Files.createTempDirectory("toolbar-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1100,900", "--lang=zh-CN",
                "--user-data-dir=" + profile);
        // the driver is given: Selenium Manager has nothing to look up or download
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (bed != null) {
            bed.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    private void awaitState(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", state));
    }

    private void awaitText(String id, String text) {
        wait.until(ExpectedConditions.textToBe(By.id(id), text));
    }

    private void logIn(String password) {
        byId("login-agent").clear();
        byId("login-agent").sendKeys("1001");
        byId("login-password").clear();
        byId("login-password").sendKeys(password);
        byId("login-extension").clear();
        byId("login-extension").sendKeys("8001");
        byId("login-submit").click();
    }

    @Test
    void anAgentTakesACallOnTheToolbar() throws IOException {
        driver.get(bed.pageUrl("lang=zh-CN"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(byId("login-submit").getText()).isEqualTo("签入");

        logIn("wrong");
        awaitText("error", "工号或密码错误");
        screenshot(Path.of("/tmp/toolbar-login.png"));
        logIn(TestBed.PASSWORDS.get("1001"));
        awaitState("NOT_READY");
        awaitText("agent-name", "张三");
        assertThat(byId("state").getText()).isEqualTo("示忙");
        assertThat(byId("error").isDisplayed()).isFalse();
        assertThat(new Select(byId("reason-select")).getOptions()).extracting(WebElement::getText)
                .containsExactly("休息", "小休", "就餐", "培训", "会议");

        byId("btn-ready").click();
        awaitState("READY");
        assertThat(byId("state").getText()).isEqualTo("示闲");

        bed.callArrives("call-b1", "13800138000", "王女士", "4008001234", TestBed.TIMED_QUEUE,
                Map.of("ivr.menu", "2-宽带报修", "customerTier", "VIP"));
        awaitState("RESERVED");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("call-panel")));
        assertThat(byId("pop-caller-number").getText()).isEqualTo("13800138000");
        assertThat(byId("pop-caller-name").getText()).isEqualTo("王女士");
        assertThat(byId("pop-dialed-number").getText()).isEqualTo("4008001234");
        assertThat(byId("pop-queue").getText()).isEqualTo(TestBed.TIMED_QUEUE_NAME);
        assertThat(byId("pop-data").getText()).contains("ivr.menu", "2-宽带报修", "customerTier", "VIP");

        bed.agentAnswers("call-b1");
        awaitState("TALKING");
        assertThat(byId("state").getText()).isEqualTo("通话中");
        wait.until(d -> !d.findElement(By.id("call-timer")).getText().isEmpty());
        screenshot(SCREENSHOT);

        byId("btn-hangup").click();
        awaitState("WRAP_UP");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wrapup-panel")));
        // the queue's wrap-up is timed (30 s): the panel counts down
        wait.until(d -> d.findElement(By.id("wrapup-countdown")).getText().matches("剩余 00:(30|2\\d)"));
        new Select(byId("disposition-select")).selectByValue("complaint");
        byId("wrapup-notes").sendKeys("客户投诉网络不稳定");
        screenshot(Path.of("/tmp/toolbar-wrapup.png"));
        byId("btn-wrapup-done").click();
        awaitState("READY");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("call-panel")));
        assertThat(bed.engineEvents).filteredOn(CtiEvent.WrapUpCompleted.class::isInstance)
                .map(e -> ((CtiEvent.WrapUpCompleted) e).dispositionCode()).containsExactly("complaint");

        new Select(byId("lang-select")).selectByValue("en");
        awaitText("state", "Ready");
        assertThat(byId("btn-ready").getText()).isEqualTo("Ready");
        assertThat(byId("btn-hangup").getText()).isEqualTo("Hang up");
        // the server sends the reasons again, labelled in English
        wait.until(d -> new Select(d.findElement(By.id("reason-select"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("Break")));
        screenshot(Path.of("/tmp/toolbar-en.png"));

        // the choice is remembered: a reload without ?lang stays in English and signs back in by itself
        driver.get(bed.pageUrl(null));
        awaitState("READY");
        assertThat(byId("btn-logout").getText()).isEqualTo("Log out");
        byId("btn-logout").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(byId("login-submit").getText()).isEqualTo("Log in");
    }

    @Test
    void theToolbarResumesAfterTheConnectionDropsDuringACall() {
        try (TcpProxy proxy = new TcpProxy(bed.vertx, bed.port())) {
            String viaProxy = proxy.wsUri().toString().replace("ws://", "http://").replace("/ws/agent", "/agent?lang=en");
            driver.get(viaProxy);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            logIn(TestBed.PASSWORDS.get("1001"));
            awaitState("NOT_READY");
            byId("btn-ready").click();
            awaitState("READY");
            bed.callArrives("call-b2", "13900001111", "", "4008001234", TestBed.QUEUE, Map.of());
            awaitState("RESERVED");

            proxy.refuse(true);
            proxy.cutAll();
            wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-conn", "reconnecting"));
            bed.agentAnswers("call-b2");
            proxy.refuse(false);

            // the missed events are replayed: the toolbar shows the call as connected
            awaitState("TALKING");
            wait.until(ExpectedConditions.attributeToBe(By.id("connection"), "data-conn", "online"));
            assertThat(byId("pop-caller-number").getText()).isEqualTo("13900001111");
            wait.until(d -> !d.findElement(By.id("call-timer")).getText().isEmpty());
            byId("btn-hangup").click();
            awaitState("WRAP_UP");
        }
    }

    @Test
    void callControlsFollowTheCall_andASupervisorSeesTheGroup() throws IOException {
        try (ControlBed control = new ControlBed()) {
            driver.get(control.pageUrl("lang=zh-CN"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            logIn("1001", ControlBed.PASSWORDS.get("1001"), "81001");
            awaitState("NOT_READY");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("callcontrol-panel")));
            assertThat(byId("btn-hold").isEnabled()).isFalse();

            ScriptedCti e = control.cti;
            e.emit(new CtiEvent.AgentStateChanged(e.nextSequence(), System.currentTimeMillis(), "1001",
                    org.ctiserver.core.agent.AgentState.NOT_READY, org.ctiserver.core.agent.AgentState.TALKING, "", "81001"));
            e.emit(new CtiEvent.CallOffered(e.nextSequence(), System.currentTimeMillis(), "1001", "c-b3", "sales",
                    ControlBed.CALLER, "王女士", "4008001234", 2_000, Map.of("ivr.menu", "2", "idNumber", "330102")));
            awaitState("TALKING");
            // the screen pop withholds what the agent is not cleared for (秘密 < 机密)
            wait.until(d -> d.findElement(By.id("pop-data")).getText().contains("（机密，无权查看）"));
            assertThat(byId("pop-data").getText()).doesNotContain("330102");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pop-customer-block")));
            assertThat(byId("pop-customer").getText()).contains("杭州", "12000.00").doesNotContain("330102199001011234");

            wait.until(ExpectedConditions.elementToBeClickable(By.id("btn-hold"))).click();
            assertThat(e.awaitCommand(org.ctiserver.core.command.AgentCommand.Hold.class).agentId()).isEqualTo("1001");
            e.emit(new CtiEvent.CallHoldChanged(e.nextSequence(), System.currentTimeMillis(), "1001", "c-b3", true));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("btn-resume")));
            assertThat(byId("btn-hold").isDisplayed()).isFalse();
            assertThat(byId("hold-indicator").getText()).isEqualTo("保持中");
            byId("dtmf-5").click();
            assertThat(e.awaitCommand(org.ctiserver.core.command.AgentCommand.SendDtmf.class).digits()).isEqualTo("5");
            screenshot(Path.of("/tmp/toolbar-callcontrol.png"));
            e.emit(new CtiEvent.AgentStateChanged(e.nextSequence(), System.currentTimeMillis(), "1001",
                    org.ctiserver.core.agent.AgentState.TALKING, org.ctiserver.core.agent.AgentState.NOT_READY, "", "81001"));
            awaitState("NOT_READY");
            wait.until(ExpectedConditions.elementToBeClickable(By.id("btn-logout"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));

            // a supervisor's console: no agent buttons, the group's agents with their states
            logIn("2001", ControlBed.PASSWORDS.get("2001"), "82001");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("supervisor-panel")));
            assertThat(byId("btn-ready").isDisplayed()).isFalse();
            assertThat(byId("callcontrol-panel").isDisplayed()).isFalse();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sup-agent-1002")));
            assertThat(byId("sup-agent-1001").getText()).contains("张三");
            assertThat(driver.findElements(By.id("sup-agent-1003"))).isEmpty();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sup-queue-sales")));
            e.emit(new CtiEvent.AgentStateChanged(e.nextSequence(), System.currentTimeMillis(), "1002",
                    org.ctiserver.core.agent.AgentState.LOGGED_OUT, org.ctiserver.core.agent.AgentState.READY, "", "81002"));
            wait.until(ExpectedConditions.attributeToBe(By.id("sup-agent-1002"), "data-state", "READY"));
            new Select(byId("sup-target")).selectByValue("1001");
            byId("btn-whisper").click();
            assertThat(e.awaitCommand(org.ctiserver.core.command.SupervisorCommand.Spy.class))
                    .isEqualTo(new org.ctiserver.core.command.SupervisorCommand.Spy("2001", "82001", "1001",
                            org.ctiserver.core.pbx.PbxCommand.SpyMode.WHISPER));
            screenshot(Path.of("/tmp/toolbar-supervisor.png"));
        }
    }

    @Test
    void aPreviewCallIsShownAsACard_acceptedOrSkipped() throws IOException {
        try (ControlBed control = new ControlBed()) {
            driver.get(control.pageUrl("lang=zh-CN"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            logIn("1001", ControlBed.PASSWORDS.get("1001"), "81001");
            awaitState("NOT_READY");
            assertThat(byId("preview-card").isDisplayed()).isFalse();

            ScriptedCti e = control.cti;
            long now = System.currentTimeMillis();
            e.emit(new CtiEvent.PreviewOffered(e.nextSequence(), now, "1001", "pv-1", "13800138000", "客户下午方便",
                    "callback", now + 30_000));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-card")));
            assertThat(byId("preview-number").getText()).isEqualTo("13800138000");
            assertThat(byId("preview-note").getText()).isEqualTo("客户下午方便");
            assertThat(byId("btn-preview-accept").getText()).isEqualTo("接受并外呼");
            wait.until(d -> d.findElement(By.id("preview-countdown")).getText().endsWith(" s"));
            screenshot(Path.of("/tmp/toolbar-preview.png"));
            byId("btn-preview-accept").click();
            assertThat(e.awaitCommand(org.ctiserver.core.command.AgentCommand.AcceptPreview.class))
                    .isEqualTo(new org.ctiserver.core.command.AgentCommand.AcceptPreview("1001", "pv-1"));
            e.emit(new CtiEvent.PreviewEnded(e.nextSequence(), now + 1, "1001", "pv-1", CtiEvent.PreviewOutcome.ACCEPTED,
                    "", 0));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("preview-card")));
            awaitText("preview-result", "已接受预览式外呼");

            e.emit(new CtiEvent.PreviewOffered(e.nextSequence(), now + 2, "1001", "pv-2", "13900139000", "",
                    "callback", now + 30_000));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-card")));
            byId("preview-skip-reason").sendKeys("客户改约明天");
            byId("btn-preview-skip").click();
            assertThat(e.awaitCommand(org.ctiserver.core.command.AgentCommand.SkipPreview.class))
                    .isEqualTo(new org.ctiserver.core.command.AgentCommand.SkipPreview("1001", "pv-2", "客户改约明天"));
            e.emit(new CtiEvent.PreviewEnded(e.nextSequence(), now + 3, "1001", "pv-2", CtiEvent.PreviewOutcome.SKIPPED,
                    "客户改约明天", 0));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("preview-card")));
            awaitText("preview-result", "已跳过预览式外呼，该回呼已放弃");
        }
    }

    private void logIn(String agentId, String password, String extension) {
        byId("login-agent").clear();
        byId("login-agent").sendKeys(agentId);
        byId("login-password").clear();
        byId("login-password").sendKeys(password);
        byId("login-extension").clear();
        byId("login-extension").sendKeys(extension);
        byId("login-submit").click();
    }

    private void screenshot(Path target) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
