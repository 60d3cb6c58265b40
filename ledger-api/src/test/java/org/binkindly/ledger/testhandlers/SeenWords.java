package org.binkindly.ledger.testhandlers;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny projector for AxonMessageHandlersTest: folds words, answers them. It lives outside the
 * component-scanned {@code org.binkindly.ledger.api} packages because the scan reads every method's
 * annotations, and reading Axon's {@code @EventHandler} makes Spring log the warning that
 * StartupWarningsTest forbids (its ledger runs on the test class path).
 */
public class SeenWords {

    private final List<String> words = new ArrayList<>();

    @EventHandler
    synchronized void on(String word) {
        words.add(word);
    }

    @QueryHandler
    synchronized List<String> answer(Query query) {
        return List.copyOf(words);
    }

    /** Asks for every word seen, in order. */
    public record Query() {
    }
}
