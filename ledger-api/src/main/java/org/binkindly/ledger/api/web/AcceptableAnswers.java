package org.binkindly.ledger.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Content negotiation before the controller runs. Spring MVC finds out that it cannot write the
 * answer in a type the client accepts only after the controller method returned, so a command
 * was dispatched, its events appended, and then the client got a 406 and retried: a duplicate.
 * This checks the {@code Accept} header against what the handler's return type can be written as
 * (its {@code produces}, else the message converters able to write it) before anything runs.
 */
@Configuration(proxyBeanMethods = false)
class AcceptableAnswers implements WebMvcConfigurer {

    /** Lazily: the handler adapter is itself built from the WebMvcConfigurers. */
    private final ObjectProvider<RequestMappingHandlerAdapter> adapter;

    AcceptableAnswers(ObjectProvider<RequestMappingHandlerAdapter> adapter) {
        this.adapter = adapter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws HttpMediaTypeNotAcceptableException {
                if (handler instanceof HandlerMethod method) {
                    check(request.getHeaders(HttpHeaders.ACCEPT), method);
                }
                return true;
            }
        });
    }

    private void check(java.util.Enumeration<String> acceptHeaders, HandlerMethod method) throws HttpMediaTypeNotAcceptableException {
        List<MediaType> accepted = new ArrayList<>();
        try {
            while (acceptHeaders.hasMoreElements()) {
                accepted.addAll(MediaType.parseMediaTypes(acceptHeaders.nextElement()));
            }
        } catch (InvalidMediaTypeException invalid) {
            throw new HttpMediaTypeNotAcceptableException("the Accept header is not valid: " + invalid.getMessage());
        }
        if (accepted.isEmpty()) {
            return;
        }
        Set<MediaType> producible = producible(method);
        if (producible.isEmpty()) {
            return; // nothing to write (void) or a type no converter claims: leave it to Spring MVC
        }
        boolean acceptable = accepted.stream().anyMatch(type -> producible.stream().anyMatch(type::isCompatibleWith));
        if (!acceptable) {
            throw new HttpMediaTypeNotAcceptableException(List.copyOf(producible));
        }
    }

    private Set<MediaType> producible(HandlerMethod method) {
        Set<MediaType> producible = new LinkedHashSet<>();
        org.springframework.web.bind.annotation.RequestMapping mapping = org.springframework.core.annotation.AnnotatedElementUtils
                .findMergedAnnotation(method.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
        if (mapping != null && mapping.produces().length > 0) {
            // the mapping itself already refused an Accept matching none of these
            return producible;
        }
        Class<?> body = bodyType(method);
        if (body == void.class || body == Void.class) {
            return producible;
        }
        for (HttpMessageConverter<?> converter : adapter.getObject().getMessageConverters()) {
            if (converter.canWrite(body, null)) {
                producible.addAll(converter.getSupportedMediaTypes(body));
            }
        }
        return producible;
    }

    private static Class<?> bodyType(HandlerMethod method) {
        ResolvableType returned = ResolvableType.forMethodReturnType(method.getMethod());
        if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
            returned = returned.as(HttpEntity.class).getGeneric(0);
        }
        Class<?> resolved = returned.resolve(Object.class);
        // ResponseEntity<?> (a view, or 202 with a small status body): what this ledger answers is always a JSON
        // object, and asking converters about Object would let any catch-all converter claim an Accept no answer meets
        return resolved == Object.class ? java.util.Map.class : resolved;
    }
}
