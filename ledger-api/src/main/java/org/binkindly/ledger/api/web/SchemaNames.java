package org.binkindly.ledger.api.web;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;

import java.util.Iterator;

/**
 * Names the schemas of the ledger's nested types after their enclosing type, so that no two Java
 * types share a schema: springdoc names a schema by the simple class name, and the ledger has
 * several {@code Validation}s, {@code Entry}s, {@code Decision}s (a request's and a view's), which
 * would collapse into one schema with some properties pointing at the wrong type.
 *
 * <p>A top-level type keeps its simple name ({@code KillSwitchView}); a nested one is prefixed
 * with its enclosing type's name ({@code KillSwitchView.Validation} is {@code
 * KillSwitchViewValidation}, {@code KillSwitchRequests.Validation} is {@code
 * KillSwitchRequestsValidation}), without a {@code Controller} suffix a client never sees, and
 * without the prefix where the nested name already starts with it ({@code TokenController.TokenView}
 * is {@code TokenView}). The names follow from the types alone, so they stay stable when other
 * types come and go.
 */
class SchemaNames implements ModelConverter {

    private static final String LEDGER_PACKAGE = "org.binkindly.ledger.";

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        if (type.getName() == null || type.getName().isBlank()) {
            JavaType javaType = type.getType() instanceof JavaType known ? known : Json.mapper().constructType(type.getType());
            Class<?> raw = javaType.getRawClass();
            // a container's name is its elements'; a generic type's is built from its arguments' by the resolver
            if (!javaType.isContainerType() && !javaType.hasGenericTypes() && isLedgerMember(raw)) {
                type.setName(nameOf(raw)); // not part of the type's identity (equals/hashCode), safe to set
            }
        }
        return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    }

    /** The schema name of a type of the ledger's: its simple name, qualified by its enclosing type's when nested. */
    static String nameOf(Class<?> type) {
        if (!isLedgerMember(type)) {
            return type.getSimpleName();
        }
        String enclosing = nameOf(type.getEnclosingClass()).replaceFirst("Controller$", "");
        String own = type.getSimpleName();
        return own.startsWith(enclosing) ? own : enclosing + own;
    }

    private static boolean isLedgerMember(Class<?> type) {
        return type.getEnclosingClass() != null && !type.isAnonymousClass() && !type.isLocalClass()
                && type.getName().startsWith(LEDGER_PACKAGE);
    }
}
