package org.binkindly.ledger.api.console;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.binkindly.ledger.api.LedgerApplication;
import org.binkindly.ledger.api.support.Incidents;
import org.binkindly.ledger.api.support.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The console's "Sign in with" button against a real OIDC provider: Spring Authorization Server,
 * started here as its own small application on a random port, with its own sign-in form, signing
 * keys, discovery and token endpoints, and a client that must use PKCE. The ledger runs in JWT mode
 * for that provider, configured as a team would configure it; chromium signs people in through the
 * provider's own form, and a plain HTTP client walks the flow for a person without a ledger role.
 */
class ConsoleProviderSignInTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "binkindly-ledger";
    private static final String CLIENT_SECRET = "console-client-secret-0001";
    private static final String OPERATOR_TOKEN = "ops-operator-token-00001";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    /** The ledger's address, known before either starts: the provider registers the ledger's redirect URI. */
    private static String ledgerBase;
    private static ConfigurableApplicationContext provider;
    private static ConfigurableApplicationContext node;
    private static String providerBase;
    private static LedgerClient ledger;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        int ledgerPort;
        try (ServerSocket free = new ServerSocket(0)) {
            ledgerPort = free.getLocalPort();
        }
        // the provider refuses localhost in redirect URIs (loopback by IP only); the two hosts also keep their cookies apart
        ledgerBase = "http://127.0.0.1:" + ledgerPort;
        provider = new SpringApplicationBuilder(Provider.class).web(WebApplicationType.SERVLET).run(
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--server.servlet.session.cookie.name=PROVIDER_SESSION");
        providerBase = "http://localhost:" + ((WebServerApplicationContext) provider).getWebServer().getPort();

        node = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=" + ledgerPort, "--logging.level.root=WARN",
                "--ledger.data-dir=" + Files.createTempDirectory("ledger-console-oidc"),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + providerBase,
                "--ledger.security.jwt.audience=" + CLIENT_ID,
                "--ledger.security.jwt.role-mapping[ledger-operator]=OPERATOR",
                "--ledger.security.jwt.role-mapping[ledger-auditor]=AUDITOR",
                "--ledger.console.oidc.client-id=" + CLIENT_ID,
                "--ledger.console.oidc.client-secret=" + CLIENT_SECRET,
                "--ledger.console.oidc.provider-name=Example SSO",
                "--ledger.security.tokens[0].name=ops", "--ledger.security.tokens[0].roles=OPERATOR",
                "--ledger.security.tokens[0].token=" + OPERATOR_TOKEN);
        ledger = new LedgerClient(ledgerPort);

        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The console's browser test needs Debian's chromium and chromium-driver (%s and %s): "
                    + "apt-get install chromium chromium-driver".formatted(CHROMIUM, CHROMEDRIVER));
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1400");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void peopleSignInAtTheProviderWithTheRolesItsTokenMapsToAndSignOut() {
        LedgerClient.Response declared = ledger.post("/incidents", OPERATOR_TOKEN,
                Incidents.declaration("SOURCE_OUTAGE", Incidents.freshScope(), Incidents.NOTHING_WRONG));
        assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
        String incident = "/console/incidents/" + declared.json().path("incidentId").asText();

        // -- an operator at the provider: the board with her name, and actions on the incident
        signInAtProvider("jane", "jane-password");
        assertThat(browser.getCurrentUrl()).isEqualTo(ledgerBase + "/console/board");
        assertThat(browser.findElement(By.cssSelector(".who strong")).getText()).isEqualTo("jane");
        assertThat(browser.getPageSource()).as("no provider token in the page").doesNotContain("eyJ");
        assertThat(browser.manage().getCookies()).as("the ledger's only cookie is the session id")
                .extracting(org.openqa.selenium.Cookie::getName).containsExactly("JSESSIONID");
        browser.get(ledgerBase + incident);
        assertThat(browser.findElements(By.id("claim-ON_CALL_OPERATOR"))).as("an operator may claim the on-call role").isNotEmpty();
        browser.findElement(By.cssSelector("#claim-ON_CALL_OPERATOR button[type='submit']")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".done"), "ON_CALL_OPERATOR"));
        LedgerClient.Response seen = ledger.get(incident.replace("/console", ""), OPERATOR_TOKEN);
        assertThat(seen.text()).as("the claim is recorded with the provider's person as its actor").contains("\"jane\"");

        // -- sign-out ends the session, and the provider's: passing through its end-session endpoint, back to the sign-in page
        signOut();
        browser.get(ledgerBase + "/console/board");
        assertThat(browser.getCurrentUrl()).isEqualTo(ledgerBase + "/console/sign-in");
        browser.findElement(By.id("sign-in-provider")).click();
        waitFor().until(ExpectedConditions.urlContains(providerBase + "/login"));
        assertThat(browser.findElements(By.id("password"))).as("the provider asks who it is again: its session ended too")
                .isNotEmpty();

        // -- an auditor at the provider: everything to read, no action offered
        signInAtProvider("audrey", "audrey-password");
        assertThat(browser.findElement(By.cssSelector(".who strong")).getText()).isEqualTo("audrey");
        browser.get(ledgerBase + incident);
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("SOURCE_OUTAGE");
        assertThat(browser.findElements(By.cssSelector("main form[method='post']"))).as("action forms for an auditor").isEmpty();
        assertThat(browser.findElements(By.cssSelector("main button"))).as("no button but the one to look back")
                .allMatch(button -> button.getText().equals("Show the past state"));
        signOut();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aPersonWithoutALedgerRoleIsRefusedAndGetsNoSession(CapturedOutput log) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        // the button: to the provider's authorization endpoint, with PKCE
        HttpResponse<String> toProvider = get(http, ledgerBase + "/console/sign-in/oidc/provider");
        assertThat(toProvider.statusCode()).isEqualTo(302);
        String authorize = location(toProvider);
        assertThat(authorize).startsWith(providerBase + "/oauth2/authorize").contains("code_challenge=").contains("code_challenge_method=S256")
                .contains("client_id=" + CLIENT_ID);
        // the provider's own sign-in form
        HttpResponse<String> toLogin = get(http, authorize);
        assertThat(location(toLogin)).isEqualTo(providerBase + "/login");
        Matcher csrf = CSRF.matcher(get(http, providerBase + "/login").body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(providerBase + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=mallory&password=mallory-password&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        String callback = location(get(http, location(loggedIn)));
        assertThat(callback).startsWith(ledgerBase + "/console/sign-in/oidc-callback?code=");
        // back at the ledger: the provider vouched for mallory, but no claim of hers maps to a ledger role
        HttpResponse<String> answer = get(http, callback);
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(location(answer)).endsWith("/console/sign-in?provider-refused");
        HttpResponse<String> board = get(http, ledgerBase + "/console/board");
        assertThat(board.statusCode()).as("no session was granted").isEqualTo(302);
        assertThat(location(board)).endsWith("/console/sign-in");
        assertThat(get(http, ledgerBase + "/console/sign-in?provider-refused").body()).contains("no role the");
        assertThat(log.getAll()).as("refused for her roles, after the provider's answer was checked")
                .contains("names no role the ledger knows");
        // nor does a code work twice, or without this session's verifier
        HttpResponse<String> replayed = get(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), callback);
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(location(replayed)).endsWith("/console/sign-in?provider-refused");
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        HttpResponse<String> page = get(HttpClient.newHttpClient(), ledgerBase + "/console/sign-in");
        assertThat(page.body()).contains("Sign in with Example SSO").contains("href=\"/console/sign-in/oidc/provider\"")
                .as("the token form stays").contains("name=\"token\"");
    }

    private static void signInAtProvider(String user, String password) {
        // no cookie is cleared here: signing out of the console ends the provider's session, so the next person signs in
        browser.get(ledgerBase + "/console/sign-in");
        browser.findElement(By.id("sign-in-provider")).click();
        waitFor().until(ExpectedConditions.urlContains(providerBase + "/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        waitFor().until(ExpectedConditions.urlToBe(ledgerBase + "/console/board"));
    }

    private static void signOut() {
        browser.findElement(By.id("sign-out")).click();
        waitFor().until(ExpectedConditions.urlToBe(ledgerBase + "/console/sign-in?signed-out"));
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, PATIENCE);
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + response.statusCode()
                + " " + response.body()));
    }

    /**
     * The identity provider: Spring Authorization Server with OIDC, a form for its people and the
     * ledger as a confidential client that must prove PKCE. Each person's provider roles are put in
     * the {@code roles} claim of the ID and access tokens, as a team's provider would be configured.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @Import({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class})
    static class Provider {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
            return http
                    .securityMatcher(server.getEndpointsMatcher())
                    .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                    .build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain people(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("jane").password("{noop}jane-password").authorities("ledger-operator", "wiki-editor").build(),
                    User.withUsername("audrey").password("{noop}audrey-password").authorities("ledger-auditor").build(),
                    User.withUsername("mallory").password("{noop}mallory-password").authorities("wiki-editor").build());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(CLIENT_ID)
                    .clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(ledgerBase + "/console/sign-in/oidc-callback")
                    .postLogoutRedirectUri(ledgerBase + "/console/sign-in?signed-out")
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .build());
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** The provider's user-info endpoint reads its own access tokens. */
        @Bean
        JwtDecoder ownTokens(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> roles() {
            return context -> context.getClaims().claim("roles",
                    context.getPrincipal().getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }
}
