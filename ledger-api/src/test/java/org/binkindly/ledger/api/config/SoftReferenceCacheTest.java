package org.binkindly.ledger.api.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoftReferenceCacheTest {

    @Test
    void entriesNothingElseHoldsOutliveCollectionsThatEmptyAWeakReferenceCache() {
        Cache soft = new SoftReferenceCache();
        Cache weak = new WeakReferenceCache();
        for (int i = 0; i < 100; i++) {
            // what the repository caches: a wrapper made for the put, referenced by nothing else
            soft.put("aggregate-" + i, new byte[10_000]);
            weak.put("aggregate-" + i, new byte[10_000]);
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        // the weak cache shows that the collections ran and took what only the cache held
        assertThat(countPresent(weak)).isLessThan(100);
        assertThat(countPresent(soft)).isEqualTo(100);
    }

    @Test
    void tellsItsListenersWhatHappened() {
        Cache cache = new SoftReferenceCache();
        List<String> heard = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key + "=" + value);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key + "=" + value);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }

            @Override
            public void onEntryRead(Object key, Object value) {
                heard.add("read " + key + "=" + value);
            }
        });
        cache.put("a", "1");
        cache.put("a", "2");
        assertThat(cache.<String, String>get("a")).isEqualTo("2");
        assertThat(cache.<String, String>get("missing")).isNull();
        cache.remove("a");
        cache.remove("a");
        assertThat(heard).containsExactly("created a=1", "updated a=2", "read a=2", "removed a");
    }

    @Test
    void conditionalOperationsKeepWhatIsThere() {
        Cache cache = new SoftReferenceCache();
        assertThat(cache.putIfAbsent("a", "1")).isTrue();
        assertThat(cache.putIfAbsent("a", "2")).isFalse();
        assertThat(cache.<String>computeIfAbsent("a", () -> "3")).isEqualTo("1");
        assertThat(cache.<String>computeIfAbsent("b", () -> "4")).isEqualTo("4");
        assertThatThrownBy(() -> cache.computeIfAbsent("c", () -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.containsKey("c")).isFalse();

        cache.<String>computeIfPresent("a", value -> value + "+");
        cache.<String>computeIfPresent("absent", value -> "never");
        assertThat(cache.<String, String>get("a")).isEqualTo("1+");
        assertThat(cache.containsKey("absent")).isFalse();
        cache.<String>computeIfPresent("b", value -> null);
        assertThat(cache.containsKey("b")).isFalse();

        cache.removeAll();
        assertThat(cache.containsKey("a")).isFalse();
    }

    private static long countPresent(Cache cache) {
        long present = 0;
        for (int i = 0; i < 100; i++) {
            if (cache.containsKey("aggregate-" + i)) {
                present++;
            }
        }
        return present;
    }
}
