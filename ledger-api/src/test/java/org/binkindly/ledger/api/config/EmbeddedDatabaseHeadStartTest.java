package org.binkindly.ledger.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.binkindly.ledger.api.support.EmbeddedClusterTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL started beside the context: started only where its beans would start
 * it, handed only to a bean of the same data directory and port, and stopped with the context if
 * no bean took it; started only once the refresh begins. (Taking it is what every embedded ledger
 * test's start does.)
 */
class EmbeddedDatabaseHeadStartTest {

    @TempDir
    Path dataDir;

    @Test
    void aDatabaseNoBeanTookStopsWithTheContext() {
        GenericApplicationContext context = contextWith(new MockEnvironment().withProperty("ledger.data-dir", dataDir.toString()));
        EmbeddedDatabaseHeadStart.Started started = context.getDefaultListableBeanFactory().getBean(EmbeddedDatabaseHeadStart.Started.class);
        assertThat(started.database).as("nothing starts before the refresh (other initializers may still prepare the data directory)").isNull();
        assertThat(dataDir).isEmptyDirectory();
        context.refresh();
        EmbeddedPostgres postgres = started.database.result.join().postgres();
        assertThat(listening(postgres.getPort())).isTrue();
        assertThat(dataDir.resolve(EmbeddedDatabaseCredentials.FILE_NAME)).exists();

        assertThat(started.database(dataDir.resolve("elsewhere"), 0)).as("another data directory").isEmpty();
        assertThat(started.database(dataDir, 15432)).as("another port").isEmpty();
        context.close();

        assertThat(listening(postgres.getPort())).isFalse();
    }

    @Test
    void nothingStartsWhereTheBeansWouldNotStartIt() {
        GenericApplicationContext external = contextWith(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.internal:5432/ledger")
                .withProperty("ledger.data-dir", dataDir.toString()));
        external.refresh();
        assertThat(external.getDefaultListableBeanFactory().getBean(EmbeddedDatabaseHeadStart.Started.class).database).isNull();
        external.close();

        // a datasource setting without the URL is refused by the embedded database's own bean; nothing starts before it
        GenericApplicationContext typo = contextWith(new MockEnvironment().withProperty("spring.datasource.username", "ledger_app")
                .withProperty("ledger.data-dir", dataDir.toString()));
        typo.refresh();
        assertThat(typo.getDefaultListableBeanFactory().getBean(EmbeddedDatabaseHeadStart.Started.class).database).isNull();
        typo.close();
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void whatInitializersAfterItPutIntoTheDataDirectoryIsWhatStarts() throws IOException {
        GenericApplicationContext context = contextWith(new MockEnvironment().withProperty("ledger.data-dir", dataDir.toString()));
        // an initializer that runs after the head start's (here: the tests' cluster template) prepares the data directory
        EmbeddedClusterTemplate.copyInto(dataDir);
        String preparedPasswords = Files.readString(dataDir.resolve(EmbeddedDatabaseCredentials.FILE_NAME));
        context.refresh();
        EmbeddedDatabaseHeadStart.Started started = context.getDefaultListableBeanFactory().getBean(EmbeddedDatabaseHeadStart.Started.class);
        EmbeddedPostgres postgres = started.database.result.join().postgres();
        try {
            assertThat(Files.readString(dataDir.resolve(EmbeddedDatabaseCredentials.FILE_NAME)))
                    .as("the prepared cluster and its passwords are used, not replaced").isEqualTo(preparedPasswords);
            assertThat(listening(postgres.getPort())).isTrue();
        } finally {
            context.close();
        }
    }

    private static GenericApplicationContext contextWith(MockEnvironment environment) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(environment);
        new EmbeddedDatabaseHeadStart().initialize(context);
        return context;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
