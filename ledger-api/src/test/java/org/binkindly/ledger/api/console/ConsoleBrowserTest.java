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
 * post without the session's CSRF token is refused. It saves the main pages as docs/console/*.png.
 */
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
        LedgerClient.Response delivered = ledger.post("/alerts/alertmanager", LedgerClient.ALERTMANAGER, AlertmanagerPayloads.delivery(0,
                AlertmanagerPayloads.firing("PublishBlocked", scope, "c0c0c0c0c0c0c0c0", Instant.now().minusSeconds(120))));
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(delivered.json().path("opened").asInt()).isEqualTo(1);

        WebElement row = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section[data-scope='" + scope + "'] tr.incident-row")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"))
                .as("the incident appeared without a reload").isEqualTo(true);
        String incidentId = row.getAttribute("data-incident");
        assertThat(row.getText()).contains("PUBLISH_FAILURE").contains("SEV2");
        screenshot("board");

        // -- the incident page: severity with its facts, the checklist with runbook text, the alert as trigger
        row.findElement(By.tagName("a")).click();
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
            button.click();
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".done"), item + " completed."));
        }
        assertThat(browser.findElements(By.cssSelector("#missing-for-closure li")).stream().map(WebElement::getText))
                .as("nothing missing any more").isEmpty();
        submit(By.id("close"), Map.of("post-incident-record", "verifier gate rejected the candidate; promotion paused; canary follows"));
        assertThat(done()).isEqualTo("Incident closed.");
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("CLOSED");
        assertThat(ledger.get("/incidents/" + incidentId, LedgerClient.AUDREY_AUDITOR).json().path("status").asText())
                .as("the API shows the same closure").isEqualTo("CLOSED");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("olivia").contains("alice").contains("IncidentClosed");

        // -- a drill from the scope's page; its steps appear as the ledger records them
        PublishedScopes.Published published;
        try (PublishedScopes pipeline = new PublishedScopes(SETTINGS)) {
            published = pipeline.publish(true);
        }
        browser.get(ledger.base() + "/console/scopes/" + published.scope());
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
        browser.findElement(By.cssSelector("#start-drill button")).click();
        assertThat(done()).startsWith("Drill ").endsWith(" started.");
        WebElement completed = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("article.rebind[data-phase='COMPLETED']")));
        assertThat(completed.findElements(By.cssSelector("li[data-done='true']")).stream().map(step -> step.getAttribute("data-step")))
                .containsExactly("MANIFEST_PROBE", "ACTIVE_WRITE", "INTEGRITY_READBACK", "RESOLUTION_PROBES", "COMPLETION");
        assertThat(completed.getText()).contains("(drill)").contains(published.goodManifestId());
        // a drill runs on a rehearsal copy: the scope's (production) manifest section gains nothing from it
        assertThat(browser.findElements(By.id("manifest-integrity"))).isEmpty();
        screenshot("scope");

        // -- the drill's evidence record, rendered as the API renders it, and as a Markdown download
        String rebindId = completed.getAttribute("data-rebind");
        browser.findElement(By.cssSelector("a[data-record='rollback-drill']")).click();
        assertThat(browser.findElement(By.id("record-markdown")).getText()).contains("Rollback drill").contains(rebindId);
        String download = browser.findElement(By.id("download-markdown")).getAttribute("href");
        HttpResponse<String> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(download))
                .header("Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment").contains(".md");
        assertThat(file.body()).startsWith("# Rollback drill").contains(rebindId);
        signOut();

        // -- the auditor reads everything and is offered nothing to do; a forced action is refused like the API's
        signIn(LedgerClient.AUDREY_AUDITOR);
        browser.get(ledger.base() + "/console/incidents/" + incidentId);
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("action forms for an auditor").isEmpty();
        assertThat(browser.findElements(By.cssSelector("main button"))).isEmpty();
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
        waitFor().until(ExpectedConditions.stalenessOf(element));
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
