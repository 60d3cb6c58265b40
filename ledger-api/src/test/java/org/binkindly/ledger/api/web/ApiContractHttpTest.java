package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContextImpl;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.Validator;
import org.binkindly.ledger.api.support.LedgerClient;
import org.binkindly.ledger.api.support.LedgerHttpTest;
import org.binkindly.ledger.projections.killswitch.KillSwitchView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI contract against the code and against docs/api.md: every problem code and every
 * endpoint with its role appears in both, and docs/openapi.json is what the ledger serves.
 */
class ApiContractHttpTest extends LedgerHttpTest {

    static final Path API_DOC = Path.of("..", "docs", "api.md");
    static final Path COMMITTED_SPEC = Path.of("..", "docs", "openapi.json");
    /** Set (e.g. {@code -Dledger.openapi.write=true} on the Maven command line) to rewrite docs/openapi.json. */
    static final String WRITE_PROPERTY = "ledger.openapi.write";
    static final Set<String> READ_ROLES = Set.of("OPERATOR", "INCIDENT_OWNER", "RELEASE_OWNER", "AUDITOR");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Pattern ENDPOINT = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH) ([^`?]+)[^`]*`");
    private static JsonNode served;

    private static final Pattern CODE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @Test
    void theSpecAndSwaggerUiAnswerWithoutAToken() {
        JsonNode spec = spec();
        assertThat(spec.path("info").path("title").asText()).isEqualTo("BinKindly incident ledger");
        assertThat(spec.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        LedgerClient.Response ui = ledger.get("/swagger-ui/index.html", null);
        assertThat(ui.status()).as(ui.toString()).isEqualTo(200);
        assertThat(ui.text()).contains("swagger-ui");
        // its files come from the WebJar through springdoc's own resolver, not Spring's resource chain (off)
        for (String file : java.util.List.of("swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css")) {
            LedgerClient.Response served = ledger.get("/swagger-ui/" + file, null);
            assertThat(served.status()).as(file + ": " + served).isEqualTo(200);
        }
        // everything else still needs one
        assertThat(ledger.get("/incidents", null).status()).isEqualTo(401);
    }

    @Test
    void theServedSpecIsTheCommittedOne() throws IOException {
        String servedText = JSON.writeValueAsString(spec()) + "\n";
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            Files.writeString(COMMITTED_SPEC, servedText, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COMMITTED_SPEC) ? Files.readString(COMMITTED_SPEC, StandardCharsets.UTF_8) : "";
        assertThat(servedText).as("docs/openapi.json is not what /v3/api-docs serves; if the change is meant, regenerate it: "
                + "./mvnw -B -o -q test -pl ledger-api -am -Dtest=ApiContractHttpTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-D" + WRITE_PROPERTY + "=true").isEqualTo(committed);
    }

    @Test
    void everyProblemCodeInTheDocsIsInTheSpecWithItsStatusAndNoOther() throws IOException {
        Set<String> documented = new TreeSet<>();
        boolean inProblems = false;
        for (String line : Files.readAllLines(API_DOC)) {
            if (line.startsWith("## ")) {
                inProblems = line.equals("## Problems");
            }
            Matcher row = Pattern.compile("^\\| (\\d{3}) \\|(.*)\\|$").matcher(line);
            if (inProblems && row.matches()) {
                Matcher code = CODE.matcher(row.group(2));
                while (code.find()) {
                    documented.add(row.group(1) + " " + code.group(1));
                }
            }
        }
        assertThat(documented).as("the problem list in docs/api.md").hasSizeGreaterThan(50);

        JsonNode spec = spec();
        Set<String> inSpec = new TreeSet<>();
        spec.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses").properties()
                .forEach(response -> codesOf(response.getKey(), response.getValue(), inSpec))));
        spec.path("components").path("responses").forEach(response -> {
            String code = response.path("content").path(ApiContract.PROBLEM_JSON).path("examples").fieldNames().next();
            codesOf(spec.path("components").path("examples").path(code).path("value").path("status").asText(), response, inSpec);
        });
        // each example a response refers to exists, with its code and status
        spec.path("paths").forEach(path -> path.forEach(operation -> operation.path("responses").properties()
                .forEach(response -> response.getValue().path("content").path(ApiContract.PROBLEM_JSON).path("examples")
                        .properties().forEach(example -> {
                            JsonNode value = spec.path("components").path("examples").path(example.getKey()).path("value");
                            assertThat(value.path("code").asText()).as(example.toString()).isEqualTo(example.getKey());
                            assertThat(value.path("status").asText()).as(example.toString()).isEqualTo(response.getKey());
                        }))));
        assertThat(inSpec).as("status and code of every problem response in /v3/api-docs, against docs/api.md")
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void theSpecAndTheDocsAgreeOnEndpointsAndRoles() throws IOException {
        List<DocumentedEndpoint> documented = documentedEndpoints();
        assertThat(documented).hasSizeGreaterThan(60);
        JsonNode spec = spec();
        List<String> undocumented = new ArrayList<>();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String method = operation.getKey().toUpperCase();
            Pattern template = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
            List<DocumentedEndpoint> rows = documented.stream()
                    .filter(row -> row.method().equals(method) && template.matcher(row.path()).matches()).toList();
            if (rows.isEmpty()) {
                undocumented.add(method + " " + path.getKey());
            }
            Set<String> roles = new TreeSet<>();
            operation.getValue().path(ApiContract.ROLES_EXTENSION).forEach(role -> roles.add(role.asText()));
            for (DocumentedEndpoint row : rows) {
                String where = row + " in docs/api.md against " + method + " " + path.getKey() + " " + roles;
                switch (row.role()) {
                    case "READ" -> assertThat(roles).as(where).isEqualTo(READ_ROLES);
                    case "none" -> assertThat(operation.getValue().path("security")).as(where).isEmpty();
                    case "" -> { }
                    default -> assertThat(roles).as(where).contains(row.role());
                }
            }
        }));
        assertThat(undocumented).as("operations in /v3/api-docs without a row in docs/api.md").isEmpty();

        List<DocumentedEndpoint> unknown = documented.stream().filter(row -> spec.path("paths").properties().stream()
                .noneMatch(path -> path.getValue().has(row.method().toLowerCase())
                        && row.path().matches(path.getKey().replaceAll("\\{[^}]+}", "[^/]+")))).toList();
        assertThat(unknown).as("endpoints in docs/api.md that the ledger does not serve").isEmpty();
    }

    @Test
    void everyOperationSaysWhatItDoesAndEveryCommandItsHeaders() {
        JsonNode spec = spec();
        spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String name = entry.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = entry.getValue();
            assertThat(operation.path("description").asText()).as(name).isNotBlank();
            operation.path("parameters").forEach(parameter ->
                    assertThat(parameter.path("description").asText()).as(name + " " + parameter).isNotBlank());
            JsonNode responses = operation.path("responses");
            assertThat(responses.properties().stream().map(java.util.Map.Entry::getKey).filter(status -> status.startsWith("2")))
                    .as(name).isNotEmpty();
            if (responses.has("201")) {
                assertThat(responses.path("201").path("headers").has("Location")).as(name).isTrue();
            }
            if (entry.getKey().equals("post") || entry.getKey().equals("put")) {
                assertThat(operation.path("parameters").findValuesAsText("name")).as(name).contains("Idempotency-Key");
            }
            if (responses.has("202") && responses.path("202").path("content").has("application/json") && !responses.has("201")) {
                assertThat(operation.path("parameters").findValuesAsText("name")).as(name).contains("If-Match");
            }
        }));
        JsonNode declare = spec.path("paths").path("/incidents").path("post");
        assertThat(declare.path("responses").path("201").path("headers").fieldNames()).toIterable()
                .contains("Location", "ETag", "Idempotent-Replayed");
        assertThat(declare.path("responses").path("202").path("headers").fieldNames()).toIterable()
                .contains("Location", "ETag", "Retry-After");
        assertThat(declare.path("requestBody").path("content").path("application/json").path("example")
                .path("incidentClass").asText()).isEqualTo("BAD_PUBLISH");
        assertThat(spec.path("paths").path("/incidents/{incidentId}/closure").path("post").path("responses").path("409")
                .path("content").path(ApiContract.PROBLEM_JSON).path("examples").has("INCIDENT_NOT_CLOSABLE")).isTrue();
    }

    /**
     * Every property of every schema, nested ones too, says what it means to a client: a description
     * that is more than its own name in other words. Records carry them as {@code @param} javadoc.
     */
    @Test
    void everySchemaPropertyIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        spec().path("components").path("schemas").properties()
                .forEach(schema -> collectUndescribed(schema.getKey(), schema.getValue(), undescribed));
        assertThat(undescribed).as("schema properties without a description of their own").isEmpty();
    }

    private static void collectUndescribed(String where, JsonNode schema, List<String> undescribed) {
        if (!schema.isObject()) {
            return;
        }
        schema.path("properties").properties().forEach(property -> {
            String name = where + "." + property.getKey();
            String description = property.getValue().path("description").asText("");
            if (lettersOf(description).isEmpty() || lettersOf(description).equals(lettersOf(property.getKey()))) {
                undescribed.add(name);
            }
            collectUndescribed(name, property.getValue(), undescribed);
        });
        collectUndescribed(where + "[]", schema.path("items"), undescribed);
        collectUndescribed(where + "{}", schema.path("additionalProperties"), undescribed);
        for (String composition : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(composition).forEach(part -> collectUndescribed(where, part, undescribed));
        }
    }

    private static String lettersOf(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping") // the application's, not actuator's
    private RequestMappingHandlerMapping handlerMappings;
    @Autowired
    private ObjectMapper applicationJson;
    @Autowired
    private Validator validator;
    @Autowired
    private ApiContract contract;

    /**
     * Every request body has an example, and each example is a body the ledger accepts: it reads
     * with the strict request reading (no unknown field, no number for an enum) into the endpoint's
     * request type, and passes its validation.
     */
    @Test
    void everyRequestBodyHasAnExampleTheLedgerAccepts() {
        JsonNode spec = spec();
        List<String> checked = new ArrayList<>();
        ObjectMapper strict = StrictRequestJson.strict(applicationJson.copy());
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : handlerMappings.getHandlerMethods().entrySet()) {
            MethodParameter body = java.util.Arrays.stream(mapping.getValue().getMethodParameters())
                    .filter(parameter -> parameter.hasParameterAnnotation(RequestBody.class)).findFirst().orElse(null);
            if (body == null || mapping.getKey().getPathPatternsCondition() == null) {
                continue;
            }
            for (String path : mapping.getKey().getPathPatternsCondition().getPatternValues()) {
                for (var method : mapping.getKey().getMethodsCondition().getMethods()) {
                    JsonNode operation = spec.path("paths").path(path).path(method.name().toLowerCase(java.util.Locale.ROOT));
                    if (operation.isMissingNode()) {
                        continue; // not in the API (the console's forms)
                    }
                    String name = method + " " + path;
                    JsonNode content = operation.path("requestBody").path("content").path("application/json");
                    JsonNode example = content.has("example") ? content.path("example")
                            : content.path("examples").properties().stream().findFirst().map(Map.Entry::getValue)
                            .map(named -> named.path("value")).orElse(null);
                    assertThat(example).as(name + ": a request body example").isNotNull();
                    assertThat(example.isObject()).as(name + ": " + example).isTrue();
                    if (body.getParameterType() != byte[].class) { // the Alertmanager webhook reads its bytes itself
                        Object read;
                        try {
                            read = strict.readerFor(strict.constructType(body.getGenericParameterType())).readValue(example);
                        } catch (IOException refused) {
                            throw new AssertionError(name + ": the example is not a body the ledger reads: " + refused.getMessage());
                        }
                        assertThat(validator.validate(read)).as(name + ": " + example).isEmpty();
                    }
                    checked.add(name);
                }
            }
        }
        long bodies = spec.path("paths").properties().stream().flatMap(path -> path.getValue().properties().stream())
                .filter(operation -> operation.getValue().has("requestBody")).count();
        assertThat(checked).as("operations with a request body, each checked").hasSize((int) bodies);
    }

    /**
     * No two Java types share a schema name. Every type the contract is built from (each endpoint's
     * request body, its declared answer and its {@link Answers#body()}) is resolved again with a
     * recorder in the resolver chain that notes the Java type behind each named schema, the types
     * they reach included; the scan must have named every schema the ledger serves.
     */
    @Test
    void everySchemaNameBelongsToOneJavaType() throws Exception {
        Map<String, Set<String>> typesByName = schemaTypes();
        JsonNode schemas = spec().path("components").path("schemas");

        Map<String, Set<String>> shared = new TreeMap<>(typesByName);
        shared.values().removeIf(types -> types.size() == 1);
        assertThat(shared).as("schema names given to more than one Java type").isEmpty();
        Set<String> unscanned = new TreeSet<>();
        schemas.fieldNames().forEachRemaining(unscanned::add);
        unscanned.removeAll(typesByName.keySet());
        assertThat(unscanned).as("schemas the scan did not name (only the contract's own)")
                .containsExactlyInAnyOrder(ApiContract.PROBLEM_SCHEMA, ApiContract.PENDING_SCHEMA);

        // the view's validations are the rounds the view holds, not the request that records one
        Class<?> validation = elementOf(KillSwitchView.class, "validations");
        String items = schemas.path("KillSwitchView").path("properties").path("validations").path("items").path("$ref").asText();
        String name = items.substring(items.lastIndexOf('/') + 1);
        assertThat(typesByName.get(name)).as(items).containsExactly(validation.getName());
        Set<String> properties = new TreeSet<>();
        schemas.path(name).path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).as(name).isEqualTo(java.util.Arrays.stream(validation.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    /** Each schema name the resolvers give, with the Java types (canonical, with type arguments) it was given to. */
    private Map<String, Set<String>> schemaTypes() {
        Map<String, Set<String>> typesByName = new TreeMap<>();
        ModelConverter recorder = (type, context, chain) -> {
            Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
            // a type resolved as a reference answers {$ref}, one resolved inline answers itself with its name
            Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
            String name = schema == null ? null : schema.get$ref() != null
                    ? schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1)
                    : schema.getName() != null ? schema.getName() : SchemaNames.nameOf(raw); // a polymorphic body answers its parts
            if (name != null && context.getDefinedModels().containsKey(name)) {
                typesByName.computeIfAbsent(name, named -> new TreeSet<>()).add(Json.mapper().constructType(type.getType()).toCanonical());
            }
            return schema;
        };
        Set<java.lang.reflect.Type> types = new java.util.LinkedHashSet<>();
        JsonNode paths = spec().path("paths");
        handlerMappings.getHandlerMethods().forEach((mapping, handler) -> {
            if (mapping.getPathPatternsCondition() == null || mapping.getPathPatternsCondition().getPatternValues().stream()
                    .noneMatch(paths::has)) {
                return; // not in the API (the console's pages)
            }
            java.util.Arrays.stream(handler.getMethodParameters()).filter(parameter -> parameter.hasParameterAnnotation(RequestBody.class))
                    .forEach(body -> types.add(body.getGenericParameterType()));
            java.lang.reflect.Type answer = handler.getMethod().getGenericReturnType();
            if (answer instanceof java.lang.reflect.ParameterizedType entity && entity.getRawType() == ResponseEntity.class) {
                answer = entity.getActualTypeArguments()[0];
            }
            types.add(answer);
            io.swagger.v3.oas.annotations.Operation described = handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
            if (described != null) { // a body the method reads itself (the Alertmanager webhook) names its schema here
                java.util.Arrays.stream(described.requestBody().content()).map(content -> content.schema().implementation())
                        .filter(type -> type != Void.class).forEach(types::add);
            }
            Answers answers = handler.getMethodAnnotation(Answers.class);
            if (answers != null && answers.body() != Void.class) {
                types.add(answers.body());
            }
        });
        List<ModelConverter> resolvers = new ArrayList<>(contract.resolvers());
        resolvers.add(0, recorder);
        types.stream().filter(type -> !(type instanceof java.lang.reflect.WildcardType))
                .forEach(type -> new ModelConverterContextImpl(resolvers).resolve(new AnnotatedType(type).resolveAsRef(true)));
        return typesByName;
    }

    private static Class<?> elementOf(Class<?> record, String component) throws NoSuchMethodException {
        java.lang.reflect.Type list = record.getMethod(component).getGenericReturnType();
        return (Class<?>) ((java.lang.reflect.ParameterizedType) list).getActualTypeArguments()[0];
    }

    /** Built once per application (springdoc caches it), which on a busy machine takes longer than a usual request. */
    private JsonNode spec() {
        if (served == null) {
            try {
                HttpResponse<String> spec = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ledger.base() + "/v3/api-docs")).timeout(Duration.ofMinutes(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(spec.statusCode()).as(spec.body()).isEqualTo(200);
                served = JSON.readTree(spec.body());
            } catch (IOException | InterruptedException failed) {
                throw new AssertionError(failed);
            }
        }
        return served;
    }

    private static void codesOf(String status, JsonNode response, Set<String> into) {
        response.path("content").path(ApiContract.PROBLEM_JSON).path("examples").properties()
                .forEach(example -> into.add(status + " " + example.getKey()));
    }

    record DocumentedEndpoint(String method, String path, String role) {
    }

    /**
     * Every endpoint in the tables of docs/api.md with the role its row (or its section) names:
     * READ, a token role, {@code none}, or empty where the row says it in words.
     */
    static List<DocumentedEndpoint> documentedEndpoints() throws IOException {
        List<DocumentedEndpoint> endpoints = new ArrayList<>();
        String sectionRole = "";
        String pathPrefix = "";
        int roleColumn = -1;
        for (String line : Files.readAllLines(API_DOC)) {
            if (line.startsWith("## ")) {
                Matcher headingRole = Pattern.compile("\\(([A-Z_]+)\\)").matcher(line);
                sectionRole = headingRole.find() ? headingRole.group(1) : "";
                pathPrefix = "";
                roleColumn = -1;
                continue;
            }
            if (!line.startsWith("|")) {
                Matcher prose = Pattern.compile("[Rr]ole `?([A-Z_]+)`?").matcher(line);
                if (prose.find() && sectionRole.isEmpty()) {
                    sectionRole = prose.group(1);
                }
                Matcher under = Pattern.compile("^All under `([^`]+)`").matcher(line);
                if (under.find()) {
                    pathPrefix = under.group(1);
                }
                continue;
            }
            List<String> cells = List.of(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1));
            if (cells.get(0).trim().equals("method and path")) {
                roleColumn = -1;
                for (int i = 0; i < cells.size(); i++) {
                    if (cells.get(i).trim().equals("role")) {
                        roleColumn = i;
                    }
                }
                continue;
            }
            Matcher endpoint = ENDPOINT.matcher(cells.get(0));
            while (endpoint.find()) {
                String role = sectionRole;
                if (roleColumn >= 0) {
                    String cell = cells.get(roleColumn).trim();
                    Matcher first = Pattern.compile("^([A-Z_]+|none)\\b").matcher(cell);
                    role = first.find() ? first.group(1) : "";
                }
                String path = endpoint.group(2).trim().replace("…", pathPrefix).replaceAll("\\{[^}]*}", "x");
                endpoints.add(new DocumentedEndpoint(endpoint.group(1), path, role));
            }
        }
        return endpoints;
    }
}
