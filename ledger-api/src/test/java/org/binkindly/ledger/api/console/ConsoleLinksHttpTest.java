package org.binkindly.ledger.api.console;

import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A console page's links are written as they are. With Spring's resource chain on (Boot turns it on
 * by itself when a WebJars locator is on the class path, and springdoc's Swagger UI brings one),
 * Thymeleaf hands every link to {@link ResourceUrlEncodingFilter}, which looks for a static file
 * behind each one in the jar: half of an incident page's CPU in a profile, for links that name no
 * file. The console's own assets are still served as files.
 */
class ConsoleLinksHttpTest extends LedgerHttpTest {

    @Autowired
    ApplicationContext context;

    @Test
    void noFilterLooksForAStaticFileBehindEveryLink() {
        assertThat(context.getBeansOfType(ResourceUrlEncodingFilter.class)).isEmpty();
        // Boot's Thymeleaf configuration registers it through a registration bean
        assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                .extracting(registration -> registration.getFilter().getClass().getName())
                .doesNotContain(ResourceUrlEncodingFilter.class.getName());
    }

    @Test
    void theConsolesAssetsAreServedAsFiles() {
        LedgerClient.Response css = ledger.get("/console/assets/console.css", null);
        assertThat(css.status()).as(css.toString()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        LedgerClient.Response script = ledger.get("/console/assets/console.js", null);
        assertThat(script.status()).as(script.toString()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
    }
}
