package org.binkindly.ledger.api.console;

import org.binkindly.ledger.adapters.s3.EmbeddedObjectStore;
import org.binkindly.ledger.adapters.s3.S3ManifestStore;
import org.binkindly.ledger.adapters.s3.S3Settings;
import org.binkindly.ledger.api.support.AlertmanagerPayloads;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.api.support.PublishedScopes;
import org.binkindly.ledger.api.support.StubResolver;
import org.binkindly.ledger.core.eventlog.EventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The operator console in a real browser (Debian's chromium, headless, driven through its
 * chromedriver) against the whole ledger over HTTP, with a real S3-compatible store for the drill:
 * an alert opens an incident that appears on the open board without a reload, the incident is
 * worked to closure through the forms (a refused closure first shows what is missing), a drill's
 * steps appear on the scope's page as they happen, an auditor is offered no actions, and a form
 * post without the session's CSRF token is refused. An incident is declared, restated and downgraded through
 * the forms, a kill switch is worked to its release (after a refused one), and the scope is seen as of an
 * instant before the switch. It saves the main pages as docs/console/*.png.
 */
// an application with settings of its own, closed when the class ends rather than kept idle (CachedApplicationsTest)
@DirtiesContext
class ConsoleBrowserTest extends LedgerHttpTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final EmbeddedObjectStore STORAGE;
    private static final S3Settings SETTINGS;
    private static final StubResolver RESOLVER;

    static {
        try {
            STORAGE = EmbeddedObjectStore.start(Files.createTempDirectory("console-storage"), "binkindly-packs");
            SETTINGS = STORAGE.settings("prod");
            RESOLVER = new StubResolver(new S3ManifestStore(SETTINGS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebDriver browser;

    @Autowired
    EventLog eventLog;

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        registry.add("ledger.storage.endpoint", () -> STORAGE.endpoint().toString());
        registry.add("ledger.storage.bucket", SETTINGS::bucket);
        registry.add("ledger.storage.prefix", SETTINGS::prefix);
        registry.add("ledger.storage.access-key-id", () -> EmbeddedObjectStore.ACCESS_KEY_ID);
        registry.add("ledger.storage.secret-access-key", () -> EmbeddedObjectStore.SECRET_ACCESS_KEY);
        registry.add("ledger.probes.resolver-url", RESOLVER::resolverUrlTemplate);
        registry.add("ledger.probes.rules-url", RESOLVER::rulesUrlTemplate);
    }

    @BeforeAll
    static void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The console's browser test needs Debian's chromium and chromium-driver (%s and %s): "
                    + "apt-get install chromium chromium-driver".formatted(CHROMIUM, CHROMEDRIVER));
        }
        // both paths given: Selenium Manager is never asked to find (or download) a browser or a driver
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1400", "--force-prefers-reduced-motion");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        RESOLVER.close();
        STORAGE.close();
    }

    @Test
    void anAlertOpenedIncidentIsWorkedToClosureADrillRunsAndTheAuditorOnlyReads() throws Exception {
        // -- sign in as the on-call operator; the board is open when the alert arrives
        signIn(LedgerClient.ALICE_OPERATOR);
        assertThat(browser.getCurrentUrl()).endsWith("/console/board");
        assertThat(browser.findElement(By.cssSelector(".who strong")).getText()).isEqualTo("alice");
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

        String scope = Incidents.freshScope();
        LedgerClient.Response delivered = ledger.post("/alerts/alertmanager?wait=PT30S", LedgerClient.ALERTMANAGER, AlertmanagerPayloads.delivery(0,
                AlertmanagerPayloads.firing("PublishBlocked", scope, "c0c0c0c0c0c0c0c0", Instant.now().minusSeconds(120))));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(delivered.json().path("opened").asInt()).isEqualTo(1);

        // The board swaps its live part in again whenever the log moves, so the row is found afresh for each use.
        By incidentRow = By.cssSelector("section[data-scope='" + scope + "'] tr.incident-row");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(incidentRow));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
                .as("the incident appeared without a reload").isEqualTo(true);
        String incidentId = fresh(incidentRow, row -> row.getAttribute("data-incident"));
        assertThat(fresh(incidentRow, WebElement::getText)).contains("PUBLISH_FAILURE").contains("SEV2");
        screenshot("board");

        // -- the incident page: severity with its facts, the checklist with runbook text, the alert as trigger
        // the row is in the board's live part: found again and clicked again if an update replaced it meanwhile
        WebElement incidentLink = fresh(incidentRow, row -> {
            WebElement link = row.findElement(By.tagName("a"));
            link.click();
            return link;
        });
        waitFor().until(driver -> isGone(incidentLink));
        assertThat(browser.findElement(By.id("severity")).getText()).isEqualTo("SEV2");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("PublishBlocked").contains("alertmanager");
        assertThat(browser.findElements(By.cssSelector("#impact tbody tr"))).hasSize(8);
        assertThat(browser.findElements(By.cssSelector(".checklist li"))).isNotEmpty();
        submit(By.id("claim-ON_CALL_OPERATOR"), Map.of());
        assertThat(done()).contains("ON_CALL_OPERATOR");

        // -- a form post without the session's CSRF token is refused and records nothing; the same post with it is not
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        String csrf = browser.findElement(By.cssSelector("#record-containment input[name='_csrf']")).getAttribute("value");
        String containment = "/console/incidents/" + incidentId + "/evidence/CONTAINMENT_ACTION";
        long headBefore = eventLog.head().orElseThrow();
        HttpResponse<String> forged = postForm(containment, session, Map.of("text", "forged: paused everything"));
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(forged.body()).contains("\"code\":\"FORBIDDEN\"").contains("CSRF");
        assertThat(eventLog.head().orElseThrow()).as("nothing was recorded").isEqualTo(headBefore);
        HttpResponse<String> genuine = postForm(containment, session, Map.of("text", "paused promotion for the scope",
                "_csrf", csrf));
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(302);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.cssSelector("[data-field='CONTAINMENT_ACTION']")).getAttribute("data-present"))
                .isEqualTo("true");
        signOut();

        // -- the incident owner: a closure refused with what is missing, then the evidence, the checklist, the closure
        signIn(LedgerClient.OLIVIA_OWNER);
        declareReassessAndDowngradeThroughTheForms();
        browser.get(ledger.base() + "/console/incidents/" + incidentId);
        submit(By.id("claim-INCIDENT_OWNER"), Map.of());
        submit(By.id("close"), Map.of("post-incident-record", "too early"));
        assertThat(browser.findElement(By.cssSelector("#refusal .code")).getText()).isEqualTo("INCIDENT_NOT_CLOSABLE");
        List<String> missing = browser.findElements(By.cssSelector("#refusal ul.missing li")).stream().map(WebElement::getText).toList();
        assertThat(missing).contains("EVIDENCE/VERIFICATION_RESULT", "EVIDENCE/FOLLOW_UP_REQUIREMENT")
                .anyMatch(item -> item.startsWith("CHECKLIST/"));
        screenshot("incident");

        // a rollback needs the rebind it refers to: refused with the aggregate's own code, shown on the page
        submit(By.id("record-intervention"), Map.of("intervention-outcome", "rolled back"));
        assertThat(browser.findElement(By.cssSelector("#refusal .code")).getText()).isEqualTo("INTERVENTION_REFERENCE_REQUIRED");
        new Select(browser.findElement(By.id("intervention-kind"))).selectByValue("NONE_USED");
        submit(By.id("record-intervention"), Map.of("intervention-outcome", "last known good stayed active; nothing to roll back"));
        assertThat(done()).isEqualTo("ROLLBACK_OR_KILL_SWITCH_ACTION recorded.");
        submit(By.id("record-verification"), Map.of("verification-details", "resolver serves the last known good manifest"));
        assertThat(done()).isEqualTo("VERIFICATION_RESULT recorded.");
        submit(By.id("record-follow-up"), Map.of("follow-up", "add a canary for the verifier gate"));
        assertThat(done()).isEqualTo("FOLLOW_UP_REQUIREMENT recorded.");
        for (int guard = 0; guard < 40 && !browser.findElements(By.cssSelector("button[data-complete]")).isEmpty(); guard++) {
            WebElement button = browser.findElements(By.cssSelector("button[data-complete]")).get(0);
            String item = button.getAttribute("data-complete");
            browser.findElement(By.id("complete-" + item)).sendKeys("done: " + item);
            follow(button);
            assertThat(done()).isEqualTo(item + " completed.");
        }
        assertThat(browser.findElements(By.cssSelector("#missing-for-closure li")).stream().map(WebElement::getText))
                .as("nothing missing any more").isEmpty();
        Instant beforeClosure = Instant.now();
        submit(By.id("close"), Map.of("post-incident-record", "verifier gate rejected the candidate; promotion paused; canary follows"));
        assertThat(done()).isEqualTo("Incident closed.");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("CLOSED");
        assertThat(ledger.get("/incidents/" + incidentId, LedgerClient.AUDREY_AUDITOR).json().path("status").asText())
                .as("the API shows the same closure").isEqualTo("CLOSED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("olivia").contains("alice").contains("IncidentClosed");

        // -- the incident as it stood just before its closure: open, every section there, its timeline up to then, no action
        browser.get(ledger.base() + "/console/incidents/" + incidentId + "/as-of?at=" + beforeClosure);
        assertThat(browser.findElement(By.id("past-state")).getText()).contains("A past state");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("OPEN");
        assertThat(browser.findElement(By.id("impact")).getText()).contains("ACTIVE_TRUTH_WRONG_FOR_USERS");
        assertThat(browser.findElements(By.cssSelector("ol.checklist li[data-status='COMPLETED']"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#evidence tr[data-present='true']"))).hasSize(9);
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("olivia").doesNotContain("IncidentClosed");
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("nothing to do in the past").isEmpty();

        // -- a drill from the scope's page; its steps appear as the ledger records them
        PublishedScopes.Published published;
        try (PublishedScopes pipeline = new PublishedScopes(SETTINGS)) {
            published = pipeline.publish(true);
        }
        browser.get(ledger.base() + "/console/scopes/" + published.scope());
        // waits for the page the post leads to: a click alone returned before it on a loaded machine
        submit(By.id("start-drill"), Map.of());
        assertThat(done()).startsWith("Drill ").endsWith(" started.");
        // a drill runs on the ledger's own schedule: on a loaded machine its steps take longer than a page does
        By completedDrill = By.cssSelector("article.rebind[data-phase='COMPLETED']");
        new WebDriverWait(browser, PATIENCE.multipliedBy(4)).until(ExpectedConditions.presenceOfElementLocated(completedDrill));
        // the page's live part is swapped in whenever the log moves on, so each read finds the drill's article again
        List<String> stepsDone = fresh(completedDrill, article -> article.findElements(By.cssSelector("li[data-done='true']"))
                .stream().map(step -> step.getAttribute("data-step")).toList());
        assertThat(stepsDone).containsExactly("MANIFEST_PROBE", "ACTIVE_WRITE", "INTEGRITY_READBACK", "RESOLUTION_PROBES", "COMPLETION");
        assertThat(fresh(completedDrill, WebElement::getText)).contains("(drill)").contains(published.goodManifestId());
        // a drill runs on a rehearsal copy: the scope's (production) manifest section gains nothing from it
        assertThat(browser.findElements(By.id("manifest-integrity"))).isEmpty();
        screenshot("scope");

        // -- the drill's evidence record, rendered as the API renders it, and as a Markdown download
        String rebindId = fresh(completedDrill, article -> article.getAttribute("data-rebind"));
        follow(browser.findElement(By.cssSelector("a[data-record='rollback-drill']")));
        assertThat(browser.findElement(By.id("record-markdown")).getText()).contains("Rollback drill").contains(rebindId);
        String download = browser.findElement(By.id("download-markdown")).getAttribute("href");
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(download))
                .header("Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains(".md");
        assertThat(file.body()).startsWith("# Rollback drill").contains(rebindId);
        workAKillSwitchToReleaseAndLookBack(published.scope(), rebindId);
        signOut();

        // -- the auditor reads everything and is offered nothing to do; a forced action is refused like the API's
        signIn(LedgerClient.AUDREY_AUDITOR);
        browser.get(ledger.base() + "/console/incidents/" + incidentId);
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("action forms for an auditor").isEmpty();
        assertThat(browser.findElements(By.cssSelector("main button"))).as("no button but the one to look back")
                .allMatch(button -> button.getText().equals("Show the past state"));
        String auditorSession = browser.manage().getCookieNamed("JSESSIONID").getValue();
        String auditorCsrf = browser.findElement(By.cssSelector("header form input[name='_csrf']")).getAttribute("value");
        HttpResponse<String> forced = postForm("/console/incidents/" + incidentId + "/escalations", auditorSession,
                Map.of("severity", "SEV1", "reason", "auditor tries", "_csrf", auditorCsrf));
        assertThat(forced.statusCode()).isEqualTo(403);
        assertThat(forced.body()).contains("FORBIDDEN");
        browser.get(ledger.base() + "/console/scopes/" + published.scope());
        assertThat(browser.findElements(By.id("start-drill"))).isEmpty();
        browser.get(ledger.base() + "/console/audit");
        waitFor().until(driver -> !driver.findElement(By.id("sealed-through")).getText().isBlank());
        assertThat(browser.findElement(By.id("reviews")).getText()).contains(incidentId);
        screenshot("audit");
        browser.get(ledger.base() + "/console/alerts");
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("PublishBlocked");
        signOut();

        // -- signed out, the console is closed again
        browser.get(ledger.base() + "/console/board");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
    }

    @Test
    void aWrongTokenIsRefusedAtTheDoor() {
        browser.manage().deleteAllCookies();
        browser.get(ledger.base() + "/console/board");
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in");
        browser.findElement(By.id("token")).sendKeys("not-a-ledger-token-at-all");
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(ExpectedConditions.urlContains("?refused"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/sign-in?refused");
        assertThat(browser.findElement(By.cssSelector("main .refusal")).getText()).contains("not accepted");
        assertThat(browser.getPageSource()).doesNotContain("not-a-ledger-token-at-all");
    }

    /**
     * An incident declared through the form (a severity raised without a reason is refused first, the form
     * keeping what was typed), its facts restated (merged, as the API merges), then downgraded by its owner.
     */
    private void declareReassessAndDowngradeThroughTheForms() throws IOException {
        String scope = Incidents.freshScope();
        follow(browser.findElement(By.id("declare-link")));
        new Select(browser.findElement(By.id("incident-class"))).selectByValue("BAD_PUBLISH");
        for (WebElement fact : browser.findElements(By.cssSelector("#declare-impact select"))) {
            new Select(fact).selectByValue("NO");
        }
        new Select(browser.findElement(By.id("declare-FALLBACK_PATH_SPIKING"))).selectByValue("YES");
        new Select(browser.findElement(By.id("declare-severity"))).selectByValue("SEV1");
        submit(By.id("declare"), Map.of("incident-scope", scope, "observed-failure-mode", "stale pack served after publish",
                "trigger-detail", "support ticket 4411"));
        assertThat(browser.findElement(By.cssSelector("#refusal .code")).getText()).isEqualTo("TEXT_REQUIRED");
        assertThat(browser.findElement(By.cssSelector("#refusal .detail")).getText()).contains("severityReason");
        assertThat(browser.findElement(By.id("incident-scope")).getAttribute("value")).as("the form keeps what was typed")
                .isEqualTo(scope);
        assertThat(new Select(browser.findElement(By.id("declare-FALLBACK_PATH_SPIKING"))).getFirstSelectedOption().getText())
                .as(() -> browser.findElement(By.id("declare-FALLBACK_PATH_SPIKING")).getAttribute("outerHTML"))
                .isEqualTo("YES");
        screenshot("declare");
        submit(By.id("declare"), Map.of("severity-reason", "the locality's whole pickup schedule is wrong"));
        assertThat(done()).startsWith("Incident inc-").endsWith(" declared.");
        assertThat(browser.findElement(By.id("severity")).getText()).isEqualTo("SEV1");
        assertThat(stated("FALLBACK_PATH_SPIKING")).isEqualTo("YES");

        new Select(browser.findElement(By.id("restate-FALLBACK_PATH_SPIKING"))).selectByValue("NO");
        new Select(browser.findElement(By.id("restate-EARLY_WARNING_THRESHOLD_CROSSED"))).selectByValue("YES");
        submit(By.id("reassess"), Map.of());
        assertThat(done()).isEqualTo("Impact facts restated.");
        assertThat(stated("FALLBACK_PATH_SPIKING")).isEqualTo("NO");
        assertThat(stated("EARLY_WARNING_THRESHOLD_CROSSED")).isEqualTo("YES");
        assertThat(stated("ROLLBACK_PATH_FAILING")).as("a fact left on keep keeps its value").isEqualTo("NO");
        assertThat(browser.findElement(By.id("severity")).getText()).as("the escalation still holds").isEqualTo("SEV1");

        submit(By.id("claim-INCIDENT_OWNER"), Map.of());
        new Select(browser.findElement(By.id("downgrade-severity"))).selectByValue("SEV3");
        submit(By.id("downgrade"), Map.of("downgrade-reason", "only the early warning remains"));
        assertThat(done()).isEqualTo("Severity lowered.");
        assertThat(browser.findElement(By.id("severity")).getText()).isEqualTo("SEV3");
        String declared = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
        assertThat(ledger.get("/incidents/" + declared, LedgerClient.AUDREY_AUDITOR).json().path("severity").asText())
                .as("the API shows the same incident").isEqualTo("SEV3");
    }

    /**
     * A kill switch activated from the scope's page and worked to release through its forms (a release
     * refused first, with what is missing), then the scope seen as of an instant before the switch and
     * one while it was active.
     */
    private void workAKillSwitchToReleaseAndLookBack(String scope, String drillRebindId) throws IOException {
        browser.get(ledger.base() + "/console/scopes/" + scope);
        Instant beforeSwitch = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        new Select(browser.findElement(By.id("switch-kind"))).selectByValue("AI_LANE");
        submit(By.id("activate-kill-switch"), Map.of("switch-reason", "AI sorter misroutes glass"));
        assertThat(done()).startsWith("Kill switch ks-").endsWith(" activated.");
        String killSwitchId = browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);

        submit(By.id("release"), Map.of("release-reason", "looks calm"));
        assertThat(browser.findElement(By.cssSelector("#refusal .code")).getText()).isEqualTo("KILL_SWITCH_RELEASE_NOT_EARNED");
        assertThat(browser.findElements(By.cssSelector("#refusal ul.missing li")).stream().map(WebElement::getText))
                .containsExactly("CLEAN_SCHEDULED_RUN", "ROLLBACK_CONFIDENCE");
        screenshot("kill-switch");
        submit(By.id("lane-change"), Map.of("lane-change-detail", "AI lane off for the locality"));
        assertThat(done()).isEqualTo("Lane change recorded.");
        submit(By.id("silent-degrade"), Map.of("silent-degrade-evidence", "fallback rate flat at 0.2% for 30 min"));
        assertThat(done()).isEqualTo("Silent degrade ruled out.");
        submit(By.id("validation"), Map.of("validation-results", "se-stockholm PASSED glass routed right\nse-uppsala FAILED"));
        assertThat(done()).isEqualTo("Targeted validation recorded.");
        assertThat(browser.findElements(By.cssSelector("#missing-for-release li")).stream().map(WebElement::getText))
                .as("a failing locality blocks the release").contains("TARGETED_VALIDATION/se-uppsala");
        submit(By.id("validation"), Map.of("validation-results", "se-uppsala PASSED after the lane change"));
        submit(By.id("policy-state"), Map.of("policy-sorter-mode", "rules_only", "policy-risk-state", "frozen",
                "policy-allowed", "E_RULES_ONLY, E_FALLBACK", "policy-counters", "graduated=0, candidates=3"));
        assertThat(done()).isEqualTo("Runtime policy state recorded.");
        assertThat(browser.findElement(By.id("kill-evidence")).getText())
                .contains("DISABLED: AI lane off for the locality", "fallback rate flat", "se-uppsala FAILED", "se-uppsala PASSED",
                        "sorter_mode rules_only", "[E_RULES_ONLY, E_FALLBACK]", "candidates=3");
        submit(By.id("clean-run"), Map.of("clean-run-reference", "nightly-1", "clean-run-evidence", "all checks green"));
        assertThat(done()).isEqualTo("Clean scheduled run recorded.");
        assertThat(browser.findElements(By.cssSelector("#missing-for-release li")).stream().map(WebElement::getText))
                .containsExactly("ROLLBACK_CONFIDENCE");
        submit(By.id("rollback-confidence"), Map.of("rollback-rebind", drillRebindId,
                "rollback-evidence", "the drill restored and verified the last known good"));
        assertThat(done()).isEqualTo("Rollback confidence recorded.");
        Instant whileActive = Instant.now();
        submit(By.id("release"), Map.of("release-reason", "clean run and rollback confidence recorded"));
        assertThat(done()).isEqualTo("Kill switch released.");
        assertThat(browser.findElement(By.id("kill-status")).getText()).isEqualTo("released");
        assertThat(ledger.get("/kill-switches/" + killSwitchId, LedgerClient.AUDREY_AUDITOR).json().path("active").asBoolean())
                .as("the API shows the same release").isFalse();

        // the scope's page now lists the released switch; as of the instant before it, the page says so and shows none
        browser.get(ledger.base() + "/console/scopes/" + scope);
        assertThat(browser.findElements(By.cssSelector("article[data-kill-switch='" + killSwitchId + "']"))).hasSize(1);
        WebElement instant = browser.findElement(By.id("as-of-at"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", instant,
                LocalDateTime.ofInstant(beforeSwitch, ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")));
        submit(By.id("scope-as-of"), Map.of());
        assertThat(browser.findElement(By.id("past-state")).getText()).contains("A past state");
        assertThat(browser.findElement(By.id("as-of-at-shown")).getText()).isEqualTo(beforeSwitch.toString());
        assertThat(browser.findElements(By.cssSelector("article[data-kill-switch='" + killSwitchId + "']"))).isEmpty();
        assertThat(browser.findElement(By.id("posture")).getText()).contains("Graduation frozen: no");
        assertThat(browser.findElements(By.cssSelector("article.rebind[data-rebind='" + drillRebindId + "']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("nothing to do in the past").isEmpty();

        browser.get(ledger.base() + "/console/scopes/" + scope + "/as-of?at=" + whileActive);
        assertThat(browser.findElements(By.cssSelector("article[data-kill-switch='" + killSwitchId + "'][data-active='true']")))
                .hasSize(1);
        assertThat(browser.findElement(By.id("posture")).getText()).contains("Graduation frozen: yes");
        rebindAndLookBackAtManifestsAndGate(scope);
    }

    /**
     * Two rebinds of the scope recorded through the API (the first verified, the second written and not
     * yet read back) and a kill-switch drill after the first: the scope as of the instant between them
     * shows the first rebind's manifest and the gate without the drill, the scope now the second and the drill.
     */
    private void rebindAndLookBackAtManifestsAndGate(String scope) throws IOException {
        String operator = LedgerClient.ALICE_OPERATOR;
        String incidentId = new Incidents(ledger).declare("BAD_PUBLISH", scope, Map.of("ACTIVE_TRUTH_WRONG_FOR_USERS", "YES"))
                .path("incidentId").asText();
        String first = recordRebind(scope, incidentId, "console-good-1", "a1", true);
        Instant between = Instant.now();
        String second = recordRebind(scope, incidentId, "console-good-2", "b2", false);
        assertThat(ledger.post("/kill-switches", operator, Map.of("kind", "BAD_PACK", "scope", scope, "reason", "pre-launch drill",
                "drill", true)).status()).isEqualTo(201);

        browser.get(ledger.base() + "/console/scopes/" + scope + "/as-of?at=" + between);
        String manifestThen = browser.findElement(By.id("manifest")).getText();
        assertThat(manifestThen).contains("console-good-1").contains(first).doesNotContain("console-good-2");
        assertThat(browser.findElement(By.id("manifest-integrity")).getText()).isEqualTo("VERIFIED");
        String gateThen = browser.findElement(By.id("gate")).getText();
        assertThat(gateThen).contains("as of " + between).contains("a drill activation of the BAD_PACK kill switch for the scope")
                .doesNotContain("drilled: pre-launch drill");
        assertThat(browser.findElement(By.id("past-state")).getText()).contains("for the manifests").contains("for the no-go gate");
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("nothing to do in the past").isEmpty();
        screenshot("scope-as-of");

        // the gate then, for an app build: the same instant kept, the build named
        submit(By.id("gate-build"), Map.of("app-build", "4.2.0+77"));
        assertThat(browser.findElement(By.id("gate-title")).getText()).isEqualTo("No-go gate for 4.2.0+77");
        assertThat(browser.findElement(By.id("as-of-at-shown")).getText()).isEqualTo(between.toString());

        browser.get(ledger.base() + "/console/scopes/" + scope);
        // the scope's page now is live: its sections are swapped in whenever the log moves on
        assertThat(fresh(By.id("manifest"), WebElement::getText)).contains("console-good-2").contains(second);
        assertThat(fresh(By.id("manifest-integrity"), WebElement::getText)).isEqualTo("UNVERIFIED");
        assertThat(fresh(By.id("gate"), WebElement::getText)).contains("drilled: pre-launch drill")
                .doesNotContain("a drill activation of the BAD_PACK kill switch for the scope");
    }

    /** A manual rebind of the scope to the manifest, recorded step by step; read back and probed when {@code verified}. */
    private String recordRebind(String scope, String incidentId, String manifestId, String hexPair, boolean verified) {
        String operator = LedgerClient.ALICE_OPERATOR;
        LedgerClient.Response started = ledger.post("/rebinds", operator, Map.of("scope", scope, "incidentId", incidentId,
                "mode", "MANUAL"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String rebind = started.header("Location");
        String manifestSha = hexPair.repeat(32);
        String packSha = "cd".repeat(32);
        Incidents.expectOk(ledger.post(rebind + "/manifest-probe", operator, Map.of("target", Map.of("manifestId", manifestId,
                "scope", scope, "packKey", "packs/" + scope + "/" + manifestId + ".json", "packSha256", packSha,
                "publishedAt", "2026-11-01T06:00:00Z", "manifestSha256", manifestSha, "etag", "\"" + manifestId + "\""))));
        Incidents.expectOk(ledger.post(rebind + "/active-write", operator, Map.of("result", "WRITTEN", "etag", "\"w-" + manifestId + "\"")));
        if (verified) {
            Incidents.expectOk(ledger.post(rebind + "/integrity-readback", operator, Map.of("manifestSha256", manifestSha,
                    "declaredPackSha256", packSha, "packSha256Actual", packSha, "packBytes", 2048)));
            Incidents.expectOk(ledger.post(rebind + "/resolution-probes", operator, Map.of("probes", List.of(Map.of("target", "RESOLVER",
                    "url", "https://resolver.example/" + scope, "status", 200, "latencyMillis", 20, "passed", true)))));
        }
        return rebind.substring(rebind.lastIndexOf('/') + 1);
    }

    /** The value the incident page shows as stated for an impact fact. */
    private String stated(String fact) {
        return browser.findElement(By.xpath("//table[@id='impact']//tr[th='" + fact + "']/td[3]")).getText();
    }

    private void signIn(String token) {
        browser.manage().deleteAllCookies();
        browser.get(ledger.base() + "/console/sign-in");
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(ExpectedConditions.urlContains("/console/board"));
        assertThat(browser.getPageSource()).as("the token is never in the page").doesNotContain(token);
        assertThat(browser.manage().getCookies()).allMatch(cookie -> !cookie.getValue().contains(token));
    }

    private void signOut() {
        browser.findElement(By.id("sign-out")).click();
        waitFor().until(ExpectedConditions.urlContains("/console/sign-in"));
    }

    /** Fills the form's fields (by input id) and submits it; the answer is the page again. */
    private void submit(By form, Map<String, String> fields) {
        WebElement element = browser.findElement(form);
        fields.forEach((id, value) -> {
            WebElement input = browser.findElement(By.id(id));
            input.clear();
            input.sendKeys(value);
        });
        element.findElement(By.cssSelector("button[type='submit']")).click();
        waitFor().until(driver -> isGone(element));
    }

    /**
     * Clicks a link or button that leads to another page and waits for the page it was on to go: a click can return
     * before the navigation it starts, and the old page's nodes then fail mid-read ("does not belong to the document").
     */
    private void follow(WebElement clickable) {
        clickable.click();
        waitFor().until(driver -> isGone(clickable));
    }

    /** What {@code use} reads from the element, found again if a live update replaced it meanwhile. */
    private <T> T fresh(By locator, java.util.function.Function<WebElement, T> use) {
        return waitFor().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> use.apply(driver.findElement(locator)));
    }

    /**
     * The page holding the element has been replaced. ChromeDriver answers for a node of a page being replaced either as
     * stale or, mid-navigation, "does not belong to the document", which Selenium's stalenessOf does not expect.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException replaced) {
            if (replaced.getMessage() != null && replaced.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw replaced;
        }
    }

    private String done() {
        return browser.findElement(By.cssSelector(".done")).getText();
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, PATIENCE);
    }

    /** A form post from outside the browser, carrying only the session cookie (and whatever fields are given). */
    private HttpResponse<String> postForm(String path, String session, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElse("");
        HttpRequest request = HttpRequest.newBuilder(URI.create(ledger.base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("Cookie", "JSESSIONID=" + session)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The page as it is now, for the README and docs/console.md; kept in the repository. */
    private static void screenshot(String name) throws IOException {
        Path docs = Path.of("").toAbsolutePath().getParent().resolve("docs");
        if (!Files.isDirectory(docs)) {
            return; // not run from the module directory: the screenshots are a by-product, not the test
        }
        Path target = docs.resolve("console").resolve(name + ".png");
        Files.createDirectories(target.getParent());
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
