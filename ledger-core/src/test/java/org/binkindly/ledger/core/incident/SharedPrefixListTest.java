package org.binkindly.ledger.core.incident;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SharedPrefixListTest {

    @Test
    void aCopyKeepsWhatItHeldWhileItsSourceAddsAndReplaces() {
        SharedPrefixList<String> source = listOf("a", "b", "c");
        SharedPrefixList<String> copy = source.share();

        source.add("d");
        assertThat(source.sharesArrayWith(copy)).as("adding past the copy's end needs no copy").isTrue();
        source.set(1, "B");

        assertThat(copy).containsExactly("a", "b", "c");
        assertThat(source).containsExactly("a", "B", "c", "d");
        assertThat(source.sharesArrayWith(copy)).as("replacing an entry the copy reads").isFalse();
    }

    @Test
    void aSourceKeepsWhatItHeldWhileItsCopyAddsAndReplaces() {
        SharedPrefixList<String> source = listOf("a", "b", "c");
        SharedPrefixList<String> copy = source.share();
        SharedPrefixList<String> other = source.share();

        copy.add("x");
        copy.set(0, "A");
        source.add("d");

        assertThat(source).containsExactly("a", "b", "c", "d");
        assertThat(copy).containsExactly("A", "b", "c", "x");
        assertThat(other).containsExactly("a", "b", "c");
    }

    @Test
    void copiesMadeAtDifferentLengthsEachKeepTheirs() {
        SharedPrefixList<String> source = listOf("a", "b");
        SharedPrefixList<String> first = source.share();
        source.add("c");
        SharedPrefixList<String> second = source.share();
        assertThat(second.sharesArrayWith(first)).isTrue();

        // below the second copy's end, above the first's
        source.set(2, "C");
        source.add("d");

        assertThat(first).containsExactly("a", "b");
        assertThat(second).containsExactly("a", "b", "c");
        assertThat(source).containsExactly("a", "b", "C", "d");
    }

    @Test
    void aListReadBackAsAnArrayListBecomesOneOnce() {
        List<String> readBack = new ArrayList<>(List.of("a", "b"));
        SharedPrefixList<String> shareable = SharedPrefixList.of(readBack);
        assertThat(shareable).containsExactly("a", "b");
        assertThat(SharedPrefixList.of(shareable)).isSameAs(shareable);
    }

    /** Every change, on the source or on any copy, against an ArrayList doing the same. */
    @Test
    void behavesAsSeparateArrayListsUnderAnyMixOfChangesAndCopies() {
        Random random = new Random(20261206);
        for (int round = 0; round < 200; round++) {
            List<SharedPrefixList<Integer>> lists = new ArrayList<>(List.of(new SharedPrefixList<>()));
            List<List<Integer>> models = new ArrayList<>(List.of(new ArrayList<>()));
            for (int step = 0; step < 200; step++) {
                int which = random.nextInt(lists.size());
                SharedPrefixList<Integer> list = lists.get(which);
                List<Integer> model = models.get(which);
                int value = random.nextInt(1_000);
                switch (random.nextInt(7)) {
                    case 0, 1, 2 -> {
                        list.add(value);
                        model.add(value);
                    }
                    case 3 -> {
                        if (!model.isEmpty()) {
                            int index = random.nextInt(model.size());
                            assertThat(list.set(index, value)).isEqualTo(model.set(index, value));
                        }
                    }
                    case 4 -> {
                        lists.add(list.share());
                        models.add(new ArrayList<>(model));
                    }
                    case 5 -> {
                        List<Integer> more = List.of(value, value + 1, value + 2);
                        list.addAll(more);
                        model.addAll(more);
                    }
                    default -> {
                        if (!model.isEmpty()) {
                            int index = random.nextInt(model.size());
                            if (random.nextBoolean()) {
                                assertThat(list.remove(index)).isEqualTo(model.remove(index));
                            } else {
                                list.add(index, value);
                                model.add(index, value);
                            }
                        }
                    }
                }
                for (int i = 0; i < lists.size(); i++) {
                    assertThat(lists.get(i)).as("round %d step %d list %d", round, step, i).isEqualTo(models.get(i));
                }
            }
        }
    }

    @SafeVarargs
    private static <E> SharedPrefixList<E> listOf(E... entries) {
        SharedPrefixList<E> list = new SharedPrefixList<>();
        for (E entry : entries) {
            list.add(entry);
        }
        return list;
    }
}
