package org.binkindly.ledger.api.config;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.SoftReference;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An aggregate cache whose entries stay until the heap runs short. Axon's {@code WeakReferenceCache}
 * lost its entries at every young collection: the repository caches a fresh wrapper per command, which
 * nothing else holds, so under a command load (a collection a second) nearly every command on a long
 * incident loaded its snapshot of thousands of entries again. The JVM clears soft references before
 * it would run out of memory, and the least recently read first, so the cache holds what the heap can spare.
 */
public class SoftReferenceCache implements Cache {

    private final ConcurrentMap<Object, Entry> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> cleared = new ReferenceQueue<>();
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Objects.requireNonNull(key, "key");
        purgeCleared();
        Entry entry = entries.get(key);
        V value = entry == null ? null : (V) entry.get();
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        purgeCleared();
        Entry previous = entries.put(key, new Entry(key, value, cleared));
        if (previous != null && previous.get() != null) {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        purgeCleared();
        boolean[] created = {false};
        entries.compute(key, (k, current) -> {
            if (current != null && current.get() != null) {
                return current;
            }
            created[0] = true;
            return new Entry(k, value, cleared);
        });
        if (created[0]) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return created[0];
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        Objects.requireNonNull(key, "key");
        purgeCleared();
        Object[] result = {null};
        boolean[] created = {false};
        entries.compute(key, (k, current) -> {
            Object value = current == null ? null : current.get();
            if (value != null) {
                result[0] = value;
                return current;
            }
            Object supplied = valueSupplier.get();
            if (supplied == null) {
                throw new IllegalArgumentException("the value supplier produced null for key " + k);
            }
            result[0] = supplied;
            created[0] = true;
            return new Entry(k, supplied, cleared);
        });
        if (created[0]) {
            listeners.forEach(listener -> listener.onEntryCreated(key, result[0]));
        }
        return (T) result[0];
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Objects.requireNonNull(key, "key");
        purgeCleared();
        Object[] updated = {null};
        entries.computeIfPresent(key, (k, current) -> {
            V value = (V) current.get();
            if (value == null) {
                return null;
            }
            V next = update.apply(value);
            updated[0] = next;
            return next == null ? null : new Entry(k, next, cleared);
        });
        if (updated[0] != null) {
            listeners.forEach(listener -> listener.onEntryUpdated(key, updated[0]));
        }
    }

    @Override
    public boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        Objects.requireNonNull(key, "key");
        purgeCleared();
        Entry entry = entries.get(key);
        return entry != null && entry.get() != null;
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Drops the entries whose values the collector took, telling the listeners they expired. */
    private void purgeCleared() {
        for (Object reference = cleared.poll(); reference != null; reference = cleared.poll()) {
            Entry entry = (Entry) reference;
            // only this entry: the key may hold a newer one by now
            if (entries.remove(entry.key, entry)) {
                listeners.forEach(listener -> listener.onEntryExpired(entry.key));
            }
        }
    }

    private static final class Entry extends SoftReference<Object> {

        private final Object key;

        Entry(Object key, Object value, ReferenceQueue<Object> queue) {
            super(value, queue);
            this.key = key;
        }
    }
}
