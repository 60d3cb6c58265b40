package org.binkindly.ledger.api.consistency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.deadline.DeadlineManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Counts deadlines as this node fires them ({@code ledger.deadlines.fired}, by name), once their work is
 * committed. Summed over all nodes it must equal the deadlines that fell due: each fires once, wherever it
 * was scheduled, however many attempts it took ({@link DeadlineConflictRetries}).
 */
@Component
class DeadlineMetrics implements SmartInitializingSingleton {

    private final ObjectProvider<DeadlineManager> deadlines;
    private final MeterRegistry meters;

    DeadlineMetrics(ObjectProvider<DeadlineManager> deadlines, MeterRegistry meters) {
        this.deadlines = deadlines;
        this.meters = meters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        DeadlineManager manager = deadlines.getIfAvailable();
        if (manager == null) {
            return;
        }
        manager.registerHandlerInterceptor((unitOfWork, chain) -> {
            // counted once what it did is committed: an attempt that lost a race and is fired again counts once
            String name = unitOfWork.getMessage().getDeadlineName();
            unitOfWork.afterCommit(committed -> Counter.builder("ledger.deadlines.fired")
                    .description("deadlines this node fired")
                    .tag("deadline", name)
                    .register(meters)
                    .increment());
            return chain.proceed();
        });
    }
}
