package org.binkindly.ledger.api.support;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every endpoint the running application maps, read from its own request mappings, so a test over
 * "every endpoint" covers one added tomorrow without being told.
 */
public final class Endpoints {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/:]+)(:[^}]*)?}");

    /** One HTTP method on one path pattern, with the controller method behind it. */
    public record Endpoint(RequestMethod method, String pattern, HandlerMethod handler) {

        public boolean isLedgers() {
            return handler.getBeanType().getName().startsWith("org.binkindly.ledger.");
        }

        public boolean isCommand() {
            return method != RequestMethod.GET && method != RequestMethod.HEAD && method != RequestMethod.OPTIONS;
        }

        public List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher matcher = VARIABLE.matcher(pattern);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** The pattern with each variable replaced by a value; a variable without one fails loudly. */
        public String path(Map<String, String> values) {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                if (value == null) {
                    throw new AssertionError("no sample value for {%s} of %s %s: add one to the test's sample values"
                            .formatted(matcher.group(1), method, pattern));
                }
                matcher.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    private Endpoints() {
    }

    public static List<Endpoint> of(ApplicationContext context) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        List<Endpoint> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            var methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? List.of(RequestMethod.GET) : List.copyOf(info.getMethodsCondition().getMethods());
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/console")) {
                    // the browser console signs in with a session and a CSRF token, not a bearer token: ConsoleBrowserTest
                    continue;
                }
                for (RequestMethod method : methods) {
                    endpoints.add(new Endpoint(method, pattern, entry.getValue()));
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return endpoints;
    }

    /** The endpoints this project wrote (not springdoc's, not the error page). */
    public static List<Endpoint> ledgers(ApplicationContext context) {
        return of(context).stream().filter(Endpoint::isLedgers).toList();
    }
}
