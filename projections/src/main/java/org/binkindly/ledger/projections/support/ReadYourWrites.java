package org.binkindly.ledger.projections.support;

/**
 * Read-your-writes over asynchronous projections: lets a reader wait, boundedly, until the
 * processor behind a view has handled every event committed so far. The application implements it
 * from the processors' stored positions; read-side classes that query views through the query bus
 * ask it first, as the controllers do.
 */
public interface ReadYourWrites {

    /** Waits until {@code processingGroup} has handled everything committed up to now; false if it timed out. */
    boolean awaitCaughtUp(String processingGroup);
}
