package org.binkindly.ledger.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts the embedded PostgreSQL on a thread of its own as soon as the application context
 * exists, so that it comes up while Spring is still reading its configuration classes; inside the
 * context's refresh it was 7% of a warm start (docs/performance.md, P7). The beans that own it
 * ({@link EmbeddedDatabaseConfiguration}) take what was started here and wait for it, with the
 * same settings, checks and failures as a start of their own; they start it themselves where
 * nothing was started here. A start no bean took (the context failed first, or its settings
 * changed after this ran) is stopped when the context closes.
 *
 * <p>Registered in {@code META-INF/spring.factories}. It reads its settings and starts the server
 * when the context's refresh begins, after every initializer ran (the configuration classes are
 * read after that), so settings and data-directory contents that other initializers add are seen.
 */
public final class EmbeddedDatabaseHeadStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseHeadStart.class);
    static final String BEAN_NAME = "embeddedDatabaseHeadStart";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!(context.getBeanFactory() instanceof DefaultListableBeanFactory beanFactory)) {
            return;
        }
        ConfigurableEnvironment environment = context.getEnvironment();
        Started started = new Started();
        beanFactory.registerSingleton(BEAN_NAME, started);
        beanFactory.registerDisposableBean(BEAN_NAME, started);
        // Launched as the refresh begins, not here: every initializer has then run (a test's cluster
        // template copied into the data directory, a test's settings added), whatever their order.
        context.addBeanFactoryPostProcessor(new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                started.launch(environment);
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
            }
        });
    }

    private static DatabaseStart startDatabase(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedDatabaseCredentials credentials = EmbeddedDatabaseCredentials.loadOrCreate(dataDir);
            return new DatabaseStart(credentials, EmbeddedDatabaseConfiguration.start(dataDir, credentials, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> Start<T> inBackground(String threadName, Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long began = System.nanoTime();
        Start<T> start = new Start<>(result);
        Thread thread = new Thread(() -> {
            try {
                T value = task.get();
                start.took = Duration.ofNanos(System.nanoTime() - began);
                result.complete(value);
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        }, threadName);
        thread.setDaemon(true); // a JVM that exits while it runs leaves a postmaster the next start's orphan check stops
        thread.start();
        return start;
    }

    /** A service started for a bean: how long its start took, and how long the bean waited for it (the part on the start's critical path). */
    record Taken<T>(T value, Duration took, Duration waited) {

        /** Started by the bean itself. */
        static <T> Taken<T> now(Supplier<T> start) {
            long began = System.nanoTime();
            T value = start.get();
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            return new Taken<>(value, took, took);
        }

        String timing() {
            return "started in %.1f s, %.1f s of it waited for".formatted(took.toMillis() / 1000.0, waited.toMillis() / 1000.0);
        }
    }

    record DatabaseStart(EmbeddedDatabaseCredentials credentials, EmbeddedPostgres postgres) {
    }

    /** What was started in the background; each part is taken by at most one bean. */
    static final class Started implements DisposableBean {
        volatile Path dataDir;
        volatile int postgresPort;
        volatile Start<DatabaseStart> database;

        /** Starts the embedded PostgreSQL in the background where the context's beans would start it. */
        void launch(ConfigurableEnvironment environment) {
            LedgerProperties ledger;
            try {
                ledger = Binder.get(environment).bindOrCreate("ledger", LedgerProperties.class);
            } catch (RuntimeException invalidSettings) {
                return; // the context's own binding reports them
            }
            dataDir = ledger.dataDir();
            postgresPort = ledger.embeddedPostgresPort();
            if (EmbeddedDatabaseConfiguration.embedded(environment) && EmbeddedDatabaseConfiguration.datasourceSettingsAreComplete(environment)) {
                database = inBackground("embedded-postgres-start", () -> startDatabase(ledger.dataDir(), ledger.embeddedPostgresPort()));
            }
        }

        /** The database started for {@code dataDir} on {@code port}, waited for; empty if none was. */
        Optional<Taken<DatabaseStart>> database(Path dataDir, int port) {
            return database != null && dataDir.equals(this.dataDir) && port == postgresPort ? database.take() : Optional.empty();
        }

        @Override
        public void destroy() {
            if (database != null) {
                database.stopUntaken(started -> {
                    try {
                        started.postgres().close();
                    } catch (IOException e) {
                        log.warn("Could not stop the embedded PostgreSQL started for a context that did not use it", e);
                    }
                });
            }
        }
    }

    static final class Start<T> {
        final CompletableFuture<T> result;
        private final AtomicBoolean taken = new AtomicBoolean();
        private volatile Duration took = Duration.ZERO;

        Start(CompletableFuture<T> result) {
            this.result = result;
        }

        /** Waits for the start and hands its result to the caller, or rethrows its failure as it was thrown. */
        Optional<Taken<T>> take() {
            if (!taken.compareAndSet(false, true)) {
                return Optional.empty();
            }
            long began = System.nanoTime();
            try {
                T value = result.join();
                return Optional.of(new Taken<>(value, took, Duration.ofNanos(System.nanoTime() - began)));
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        void stopUntaken(Consumer<T> stop) {
            if (taken.compareAndSet(false, true)) {
                try {
                    stop.accept(result.join());
                } catch (CompletionException failedToStart) {
                    // nothing is running
                }
            }
        }
    }
}
