package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverterContextImpl;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.binkindly.ledger.api.security.Role;
import org.binkindly.ledger.core.shared.RuleCode;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.providers.JavadocProvider;
import org.springdoc.core.providers.SpringDocJavadocProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OpenAPI contract served at {@code /v3/api-docs}, kept true by deriving it from the code: the
 * roles from each endpoint's {@code @PreAuthorize}, the request problems from its signature (a
 * body, parameters, POST/PUT), its own success and refusals from {@link Answers}. Every refusal is
 * an {@code application/problem+json} response listing its codes, one example per code.
 */
@Configuration(proxyBeanMethods = false)
class ApiContract {

    static final String BEARER = "bearer";
    static final String PROBLEM_SCHEMA = "Problem";
    static final String PENDING_SCHEMA = "AcceptedViewPending";
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final String POSITION_ANSWERED = "The log position of the command's last event: send it as `Ledger-Position` on a "
            + "later read to see this write without waiting for the rest of the log";
    /** The extension naming the token roles an operation admits (ADMIN holds every role besides). */
    static final String ROLES_EXTENSION = "x-roles";

    private static final java.util.regex.Pattern QUOTED_ROLE = java.util.regex.Pattern.compile("'([A-Z_]+)'");
    private static final Set<String> ROLE_NAMES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());

    /** What a path or query parameter is, by the names the controllers use. */
    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("incidentId", "The incident's id, as answered by its declaration (`inc-…`)"),
            Map.entry("killSwitchId", "The kill switch's id, as answered by its activation (`ks-…`)"),
            Map.entry("rebindId", "The rebind's id, as answered when it started (`rb-…`)"),
            Map.entry("itemId", "A checklist item id as the runbook map names it, `[A-Z0-9_]{1,64}`, e.g. `CLOSURE_CONDITION`"),
            Map.entry("role", "The runbook role to take: `ON_CALL_OPERATOR`, `INCIDENT_OWNER` or `RELEASE_OWNER`"),
            Map.entry("kind", "The scope's kind as a path segment, e.g. `locality`"),
            Map.entry("id", "The scope's id, `[a-z0-9][a-z0-9._-]{0,62}`"),
            Map.entry("scope", "A scope as `kind/id`, e.g. `locality/se-stockholm`"),
            Map.entry("status", "Only incidents in this status"),
            Map.entry("limit", "At most this many"),
            Map.entry("after", "Only events after this position in the global order"),
            Map.entry("from", "From this instant (ISO-8601), inclusive"),
            Map.entry("to", "Up to this instant (ISO-8601), exclusive"),
            Map.entry("at", "The instant to look back at (ISO-8601)"),
            Map.entry("appBuild", "The app build: 1–64 letters, digits, `.`, `_`, `+`, `-`"),
            Map.entry("area", "The sign-off area: `PRODUCT`, `ENGINEERING` or `QA`"),
            Map.entry("group", "A processing group, as `GET /projections` lists them"),
            Map.entry("wait", "How long to wait for the replay (ISO-8601 duration, at most PT1H)"),
            Map.entry("tokenId", "The managed token's id"),
            Map.entry("record", "Which evidence record, as `GET /evidence-records` lists them"),
            Map.entry("format", "`markdown` for Markdown instead of JSON"),
            Map.entry("active", "Only active (true) or released (false) kill switches"),
            Map.entry("drill", "Only drills (true) or only real ones (false)"),
            Map.entry("class", "Only incidents of this class"));

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("BinKindly incident ledger").version("1")
                        .description("An event-sourced incident ledger: declare incidents and work them through the runbook, "
                                + "kill switches, rebinds, launch-day validation, alert intake, audit. Every call needs "
                                + "`Authorization: Bearer <token>` (create one with the `tokens` command or `POST /admin/tokens`). "
                                + "Every refusal is `application/problem+json` with a stable `code`; a request answered "
                                + "`405 METHOD_NOT_ALLOWED` names an existing path with a method it does not have."))
                .servers(List.of(new Server().url("/").description("this ledger")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A ledger API token, or a JWT from the identity provider in OIDC/JWT mode")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** springdoc adds every ModelConverter bean to the resolvers it names and describes schemas with. */
    @Bean
    SchemaNames schemaNames() {
        return new SchemaNames();
    }

    /** Schemas named by {@link Answers#body()}, resolved per operation and added to the components at the end. */
    private final Map<String, Schema<?>> answerSchemas = new ConcurrentHashMap<>();

    /** springdoc's own converters (javadoc descriptions, polymorphism, ...), for {@link #resolvers()}. */
    private List<io.swagger.v3.core.converter.ModelConverter> converterBeans = List.of();

    @Bean
    OperationCustomizer ledgerOperations(ObjectMapper json,
                                         org.springframework.beans.factory.ObjectProvider<io.swagger.v3.core.converter.ModelConverter> converters) {
        return (operation, handler) -> {
            if (converterBeans.isEmpty()) {
                // springdoc adds each in turn at the head of swagger's list: the last one resolves first
                List<io.swagger.v3.core.converter.ModelConverter> beans = new ArrayList<>(converters.orderedStream().toList());
                java.util.Collections.reverse(beans);
                converterBeans = beans;
            }
            return describe(operation, handler, json);
        };
    }

    @Bean
    OpenApiCustomizer ledgerComponents() {
        return openApi -> {
            Components components = openApi.getComponents();
            answerSchemas.forEach((name, schema) -> {
                if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                    components.addSchemas(name, schema);
                }
            });
            components.addSchemas(PROBLEM_SCHEMA, problemSchema());
            // one example per code, referred to by every response that can answer it
            Arrays.stream(ApiProblem.values()).forEach(problem -> components.addExamples(problem.name(),
                    problemExample(problem.status(), problem.name())));
            Arrays.stream(RuleCode.values()).forEach(rule -> components.addExamples(rule.name(),
                    problemExample(Problems.statusOf(rule), rule.name())));
            components.addSchemas(PENDING_SCHEMA, pendingSchema());
            components.getSchemas().values().forEach(ApiContract::describeDiscriminator);
            components.addResponses("MethodNotAllowed", problemResponse(HttpStatus.METHOD_NOT_ALLOWED,
                    List.of(ApiProblem.METHOD_NOT_ALLOWED.name())));
        };
    }

    private Operation describe(Operation operation, HandlerMethod handler, ObjectMapper json) {
        Answers answers = handler.getMethodAnnotation(Answers.class);
        RequestMethod method = methodOf(handler);
        boolean command = method == RequestMethod.POST || method == RequestMethod.PUT;
        boolean versioned = answers != null && answers.versioned();
        List<String> roles = rolesOf(handler);
        boolean isPublic = roles == null;

        operation.setOperationId(operationIdOf(handler));
        String summary = operation.getSummary() == null ? "" : operation.getSummary();
        StringBuilder description = new StringBuilder(operation.getDescription() == null ? summary : operation.getDescription());
        if (isPublic) {
            description.append("\n\nNo token needed.");
            operation.setSecurity(List.of());
        } else {
            description.append("\n\nRoles: ").append(roles.stream().map(role -> "`" + role + "`").collect(Collectors.joining(", ")))
                    .append(" (or `ADMIN`, who holds every role).");
            operation.addExtension(ROLES_EXTENSION, roles);
        }
        if (versioned) {
            description.append(command
                    ? "\n\nAnswers with the resource's version as `ETag`; send it back as `If-Match` to refuse the command "
                    + "if the resource has moved on. `202 ACCEPTED_VIEW_PENDING` means the command is stored but its view "
                    + "has not caught up: read the `Location`, do not send the command again."
                    : "\n\nAnswers with the resource's version as `ETag`.");
        }
        if (command) {
            description.append("\n\nSend an `Idempotency-Key` to make a retry safe: the same key and request replays the "
                    + "first answer (`Idempotent-Replayed: true`) and records nothing.");
        }
        operation.setDescription(description.toString());

        describeParameters(operation);
        if (command) {
            operation.addParametersItem(new HeaderParameter().name(IDEMPOTENCY_KEY).required(false)
                    .description("A unique key (1–255 visible ASCII characters, e.g. a UUID) that makes a retry of this "
                            + "command answer as the first time without applying it again")
                    .schema(new StringSchema().minLength(1).maxLength(255)));
            if (versioned) {
                operation.addParametersItem(new HeaderParameter().name(ReturnPreference.PREFER).required(false)
                        .description("`return=minimal` (RFC 7240): answer without the resource, `204 No Content` (a creation: "
                                + "`201 Created` with no body), with the same `ETag` and `Ledger-Position`, and "
                                + "`Preference-Applied: return=minimal`; for a client that does not need the resource back")
                        .schema(new StringSchema()));
            }
            if (versioned && answers.status() != HttpStatus.CREATED) { // a creation has no version to match yet
                operation.addParametersItem(new HeaderParameter().name(HttpHeaders.IF_MATCH).required(false)
                        .description("Apply the command only if the resource is still at this version: `\"7\"`, a list, or `*`")
                        .schema(new StringSchema()));
            }
        }
        if (readsViews(method, isPublic)) {
            operation.addParametersItem(new HeaderParameter().name(LedgerPosition.HEADER).required(false)
                    .description("A position a command's answer handed back: the views this read waits for wait only until "
                            + "they have handled it (the caller's own write), not every event committed before the read")
                    .schema(new IntegerSchema().format("int64").minimum(java.math.BigDecimal.ZERO)));
        }
        if (answers != null && !answers.example().isBlank() && operation.getRequestBody() != null
                && operation.getRequestBody().getContent() != null) {
            MediaType body = operation.getRequestBody().getContent().get(JSON);
            if (body != null) {
                body.setExample(parse(json, answers.example()));
            }
        }

        ApiResponses responses = new ApiResponses();
        describeSuccess(operation, handler, answers, command, versioned, responses);
        refusalsOf(handler, answers, method, command, versioned, isPublic)
                .forEach((status, codes) -> responses.addApiResponse(String.valueOf(status.value()), problemResponse(status, codes)));
        operation.setResponses(responses);
        return operation;
    }

    private void describeSuccess(Operation operation, HandlerMethod handler, Answers answers, boolean command, boolean versioned,
                                 ApiResponses responses) {
        HttpStatus status = answers == null ? HttpStatus.OK : answers.status();
        ApiResponse generated = operation.getResponses() == null ? null : operation.getResponses().get("200");
        ApiResponse success = generated != null ? generated : new ApiResponse();
        success.setDescription(status == HttpStatus.CREATED ? "Created" : status.getReasonPhrase());
        if (answers != null && answers.body() != Void.class) {
            success.setContent(new Content().addMediaType(JSON, new MediaType().schema(schemaOf(answers.body()))));
        }
        if (status == HttpStatus.CREATED) {
            success.addHeaderObject(HttpHeaders.LOCATION, header("Where the created resource can be read", new StringSchema()));
        }
        if (versioned) {
            success.addHeaderObject(HttpHeaders.ETAG, header("The resource's version: the sequence number of its last event",
                    new StringSchema()));
        }
        if (versioned && command) {
            success.addHeaderObject(LedgerPosition.HEADER, header(POSITION_ANSWERED, new IntegerSchema().format("int64")));
        }
        if (command) {
            success.addHeaderObject(IDEMPOTENT_REPLAYED, header("`true` when this is the stored answer to an earlier request "
                    + "with the same Idempotency-Key", new StringSchema()._enum(List.of("true"))));
        }
        responses.addApiResponse(String.valueOf(status.value()), success);
        if (answers != null && !answers.accepted().isEmpty()) {
            ApiResponse accepted = new ApiResponse().description(answers.accepted());
            if (success.getContent() != null) {
                accepted.setContent(success.getContent());
            }
            responses.addApiResponse("202", accepted.addHeaderObject(HttpHeaders.LOCATION,
                    header("Where the outcome can be read once the work is done", new StringSchema())));
        }
        if (versioned && command && status == HttpStatus.OK) {
            responses.addApiResponse("204", new ApiResponse()
                    .description("Done, answered without the resource as the caller asked (`Prefer: return=minimal`)")
                    .addHeaderObject(HttpHeaders.ETAG, header("The resource's version: the sequence number of its last event",
                            new StringSchema()))
                    .addHeaderObject(LedgerPosition.HEADER, header(POSITION_ANSWERED, new IntegerSchema().format("int64")))
                    .addHeaderObject(ReturnPreference.PREFERENCE_APPLIED, header("`return=minimal`",
                            new StringSchema()._enum(List.of(ReturnPreference.RETURN_MINIMAL)))));
        }
        if (versioned && command) {
            responses.addApiResponse("202", new ApiResponse()
                    .description("Stored, but its view has not caught up yet (`ACCEPTED_VIEW_PENDING`): read the Location")
                    .addHeaderObject(HttpHeaders.LOCATION, header("Where the resource can be read", new StringSchema()))
                    .addHeaderObject(HttpHeaders.ETAG, header("The version written", new StringSchema()))
                    .addHeaderObject(LedgerPosition.HEADER, header(POSITION_ANSWERED, new IntegerSchema().format("int64")))
                    .addHeaderObject(HttpHeaders.RETRY_AFTER, header("Seconds to wait before reading the Location",
                            new IntegerSchema()))
                    .content(new Content().addMediaType(JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PENDING_SCHEMA)))));
        }
    }

    /** Every problem the endpoint can answer, by status: inferred from its signature, plus its own. */
    private static Map<HttpStatus, List<String>> refusalsOf(HandlerMethod handler, Answers answers, RequestMethod method,
                                                            boolean command, boolean versioned, boolean isPublic) {
        boolean hasBody = Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(RequestBody.class));
        boolean hasPathVariables = Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(PathVariable.class));
        boolean hasParameters = hasPathVariables || Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(RequestParam.class));
        Set<ApiProblem> problems = EnumSet.of(ApiProblem.NOT_ACCEPTABLE, ApiProblem.INTERNAL_ERROR, ApiProblem.SERVICE_UNAVAILABLE,
                ApiProblem.TIMED_OUT);
        if (!isPublic) {
            problems.addAll(List.of(ApiProblem.UNAUTHENTICATED, ApiProblem.FORBIDDEN, ApiProblem.IDENTITY_PROVIDER_UNAVAILABLE));
        }
        if (hasBody) {
            problems.addAll(List.of(ApiProblem.MALFORMED_REQUEST, ApiProblem.INVALID_VALUE, ApiProblem.UNKNOWN_FIELD,
                    ApiProblem.VALIDATION_FAILED, ApiProblem.PAYLOAD_TOO_LARGE, ApiProblem.UNSUPPORTED_MEDIA_TYPE));
        }
        if (hasParameters) {
            problems.addAll(List.of(ApiProblem.INVALID_VALUE, ApiProblem.VALIDATION_FAILED));
        }
        if (hasPathVariables) {
            problems.add(ApiProblem.NOT_FOUND);
        }
        if (command) {
            problems.addAll(List.of(ApiProblem.IDEMPOTENCY_KEY_INVALID, ApiProblem.IDEMPOTENCY_KEY_REUSED,
                    ApiProblem.IDEMPOTENCY_KEY_IN_USE, ApiProblem.CONCURRENT_MODIFICATION));
        }
        if (readsViews(method, isPublic)) {
            problems.add(ApiProblem.LEDGER_POSITION_INVALID);
        }
        if (versioned) {
            problems.add(ApiProblem.VIEW_PENDING);
            if (command && answers.status() != HttpStatus.CREATED) {
                problems.addAll(List.of(ApiProblem.IF_MATCH_INVALID, ApiProblem.PRECONDITION_FAILED));
            }
        }
        Map<HttpStatus, List<String>> byStatus = new TreeMap<>();
        Stream<Map.Entry<HttpStatus, String>> own = answers == null ? Stream.empty() : Stream.concat(
                Arrays.stream(answers.refusals()).map(code -> Map.entry(Problems.statusOf(code), code.name())),
                Arrays.stream(answers.problems()).map(problem -> Map.entry(problem.status(), problem.name())));
        Stream.concat(own, problems.stream().map(problem -> Map.entry(problem.status(), problem.name())))
                .forEach(entry -> {
                    List<String> codes = byStatus.computeIfAbsent(entry.getKey(), status -> new ArrayList<>());
                    if (!codes.contains(entry.getValue())) {
                        codes.add(entry.getValue());
                    }
                });
        return byStatus;
    }

    /** Authenticated reads may wait for views, and then honour a {@link LedgerPosition#HEADER}. */
    private static boolean readsViews(RequestMethod method, boolean isPublic) {
        return method == RequestMethod.GET && !isPublic;
    }

    private static ApiResponse problemResponse(HttpStatus status, List<String> codes) {
        MediaType problem = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
        for (String code : codes) {
            problem.addExamples(code, new Example().$ref("#/components/examples/" + code));
        }
        ApiResponse response = new ApiResponse()
                .description(status.getReasonPhrase() + ": " + codes.stream().map(code -> "`" + code + "`").collect(Collectors.joining(", ")))
                .content(new Content().addMediaType(PROBLEM_JSON, problem));
        if (status == HttpStatus.SERVICE_UNAVAILABLE || codes.contains(ApiProblem.IDEMPOTENCY_KEY_IN_USE.name())) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, header("Seconds to wait before trying again", new IntegerSchema()));
        }
        if (codes.contains(ApiProblem.PRECONDITION_FAILED.name())) {
            response.addHeaderObject(HttpHeaders.ETAG, header("The resource's current version", new StringSchema()));
        }
        return response;
    }

    private static Example problemExample(HttpStatus status, String code) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "urn:binkindly:ledger:problem:" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        example.put("title", status.getReasonPhrase());
        example.put("status", status.value());
        example.put("code", code);
        return new Example().summary(status.value() + " " + code).value(example);
    }

    private static void describeParameters(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            if (parameter.getDescription() == null) {
                parameter.setDescription(PARAMETERS.getOrDefault(parameter.getName(), parameter.getName()));
            }
        }
    }

    private Schema<?> schemaOf(Class<?> type) {
        ModelConverterContextImpl context = new ModelConverterContextImpl(resolvers());
        Schema<?> schema = context.resolve(new AnnotatedType(type).resolveAsRef(true));
        @SuppressWarnings("rawtypes") Map<String, Schema> referenced = context.getDefinedModels();
        describeRecords(type, referenced, new HashSet<>());
        referenced.forEach((name, named) -> answerSchemas.putIfAbsent(name, (Schema<?>) named));
        return schema;
    }

    /**
     * The resolvers springdoc describes schemas with: its converter beans ({@link SchemaNames} first), then swagger's
     * defaults. Built here rather than read from swagger's shared list, which by the time an operation is described may
     * hold the default resolver alone (its names would then be the simple, colliding ones).
     */
    List<io.swagger.v3.core.converter.ModelConverter> resolvers() {
        List<io.swagger.v3.core.converter.ModelConverter> resolvers = new ArrayList<>();
        resolvers.add(new SchemaNames());
        Stream.concat(converterBeans.stream(), ModelConverters.getInstance().getConverters().stream())
                .filter(resolver -> resolvers.stream().noneMatch(added -> added.getClass().equals(resolver.getClass())))
                .forEach(resolvers::add);
        return resolvers;
    }

    private static final JavadocProvider JAVADOC = new SpringDocJavadocProvider();

    /**
     * Fills what springdoc's javadoc pass leaves out of a schema resolved on its own (a record reached only
     * through a list in another's component): each property from its record's {@code @param}, walking the
     * record components' types.
     */
    @SuppressWarnings("rawtypes")
    private static void describeRecords(java.lang.reflect.Type type, Map<String, Schema> schemas, Set<Class<?>> seen) {
        if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).forEach(argument -> describeRecords(argument, schemas, seen));
            return;
        }
        if (!(type instanceof Class<?> record) || !record.isRecord() || !seen.add(record)) {
            return;
        }
        Schema<?> schema = schemas.get(SchemaNames.nameOf(record));
        if (schema != null && schema.getProperties() != null) {
            Map<String, String> params = JAVADOC.getRecordClassParamJavadoc(record);
            schema.getProperties().forEach((name, property) -> {
                if (property.getDescription() == null && params.get(name) != null) {
                    property.setDescription(params.get(name));
                }
            });
        }
        Arrays.stream(record.getRecordComponents()).forEach(component -> describeRecords(component.getGenericType(), schemas, seen));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    private static Object parse(ObjectMapper json, String example) {
        try {
            return json.readValue(example, Object.class);
        } catch (java.io.IOException invalid) {
            throw new IllegalStateException("an @Answers example is not JSON: " + example, invalid);
        }
    }

    /** Controller and method, e.g. {@code incidentDeclare}: stable and unique, so generated clients keep their names. */
    private static String operationIdOf(HandlerMethod handler) {
        String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
        String method = handler.getMethod().getName();
        return Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                + Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    private static RequestMethod methodOf(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        return mapping == null || mapping.method().length == 0 ? RequestMethod.GET : mapping.method()[0];
    }

    /** The token roles the endpoint's rule names, or null for a public endpoint ({@code permitAll()}). */
    static List<String> rolesOf(HandlerMethod handler) {
        PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
        if (rule == null) {
            rule = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
        }
        if (rule == null || rule.value().contains("permitAll")) {
            return null;
        }
        Set<String> roles = new LinkedHashSet<>();
        Matcher matcher = QUOTED_ROLE.matcher(rule.value());
        while (matcher.find()) {
            if (ROLE_NAMES.contains(matcher.group(1))) {
                roles.add(matcher.group(1));
            }
        }
        return List.copyOf(roles);
    }

    private static Schema<?> problemSchema() {
        List<String> codes = Stream.concat(Arrays.stream(ApiProblem.values()).map(Enum::name),
                Arrays.stream(RuleCode.values()).map(Enum::name)).sorted().toList();
        return new ObjectSchema().description("An RFC 9457 problem detail with the ledger's stable `code`")
                .addProperty("type", new StringSchema().description("urn:binkindly:ledger:problem:<code>"))
                .addProperty("title", new StringSchema().description("The HTTP status's reason phrase"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What went wrong and what to do, for a person"))
                .addProperty("instance", new StringSchema().description("The request's path"))
                .addProperty("code", new StringSchema()._enum(codes).description("The stable code to match on"))
                .addProperty("field", new StringSchema().description("The offending field (UNKNOWN_FIELD, INVALID_VALUE), "
                        + "a dotted path for nested bodies"))
                .addProperty("errors", new ArraySchema().description("Each invalid field (VALIDATION_FAILED)")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().description("The invalid field's path in the body, e.g. trigger.kind"))
                                .addProperty("message", new StringSchema().description("What is wrong with it, for a person"))))
                .addProperty("missing", new ArraySchema().description("What is still missing (INCIDENT_NOT_CLOSABLE, "
                        + "KILL_SWITCH_RELEASE_NOT_EARNED, LAUNCH_BLOCKED, ...)").items(new StringSchema()))
                .addProperty("currentVersion", new IntegerSchema().format("int64")
                        .description("The resource's current version (PRECONDITION_FAILED)"))
                .addProperty("reference", new StringSchema().description("Where to find an INTERNAL_ERROR in the log"))
                .required(List.of("type", "title", "status", "code"));
    }

    /** A type property has no record component to carry javadoc: it says which body this is, from the mapping itself. */
    private static void describeDiscriminator(Schema<?> schema) {
        if (schema.getDiscriminator() == null || schema.getProperties() == null || schema.getDiscriminator().getMapping() == null) {
            return;
        }
        Schema<?> property = schema.getProperties().get(schema.getDiscriminator().getPropertyName());
        if (property != null && property.getDescription() == null) {
            property.setDescription("Which of these bodies this is, each with its own fields: "
                    + String.join(", ", new TreeSet<>(schema.getDiscriminator().getMapping().keySet())));
        }
    }

    private static Schema<?> pendingSchema() {
        return new ObjectSchema().description("A command that is stored but whose view has not caught up yet")
                .addProperty("status", new StringSchema()._enum(List.of("ACCEPTED_VIEW_PENDING"))
                        .description("Always ACCEPTED_VIEW_PENDING: the command is stored in the log"))
                .addProperty("detail", new StringSchema().description("What to do: read the location, do not resend"))
                .addProperty("location", new StringSchema().description("Where the resource can be read"))
                .addProperty("version", new IntegerSchema().format("int64").description("The version written"));
    }
}
