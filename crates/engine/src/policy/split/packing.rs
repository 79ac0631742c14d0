//! Fewest bins for items of given weights (bin packing), deterministic.
//!
//! The exact answer comes from a depth-first branch and bound over the items in decreasing
//! weight, seeded with first fit decreasing; a node budget bounds the work on large inputs, and
//! when it runs out the best packing found so far is kept (never worse than first fit
//! decreasing, itself within 11/9 of the optimum plus one). For the small inputs people split by
//! hand the search always finishes, so the result is optimal there. The budget counts nodes, not
//! time, so the same input always gives the same packing.

use std::collections::BTreeMap;

/// Search nodes explored before settling for the best packing found.
const NODE_BUDGET: usize = 200_000;

/// Packs items of `weights` into the fewest bins of `capacity`. Every weight must be at most
/// `capacity`. Returns the bins as lists of item indices, each list ascending and the lists in
/// order of their first item.
pub fn pack(weights: &[usize], capacity: usize) -> Vec<Vec<usize>> {
    if weights.is_empty() {
        return Vec::new();
    }
    // Heaviest first, ties by index: the order both the heuristic and the search place items in.
    let mut items: Vec<(usize, usize)> = weights.iter().copied().enumerate().collect();
    items.sort_by(|&(a, wa), &(b, wb)| wb.cmp(&wa).then(a.cmp(&b)));
    let (order, sorted): (Vec<usize>, Vec<usize>) = items.into_iter().unzip();

    let mut best = first_fit(&sorted, capacity);
    let total: usize = sorted.iter().sum();
    let lower = total.div_ceil(capacity).max(1);
    let best_count = bin_count(&best);
    if best_count > lower {
        let mut search = Search {
            weights: &sorted,
            capacity,
            suffix: suffix_sums(&sorted),
            loads: Vec::new(),
            assignment: Vec::with_capacity(sorted.len()),
            best: None,
            best_count,
            lower,
            nodes: 0,
        };
        search.place(0);
        if let Some(found) = search.best {
            best = found;
        }
    }
    let mut by_bin: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&bin, &item) in best.iter().zip(&order) {
        by_bin.entry(bin).or_default().push(item);
    }
    let mut bins: Vec<Vec<usize>> = by_bin.into_values().collect();
    for bin in &mut bins {
        bin.sort_unstable();
    }
    bins.sort_by_key(|bin| bin.first().copied());
    bins
}

/// First fit: the bin of each item, in the given order.
fn first_fit(weights: &[usize], capacity: usize) -> Vec<usize> {
    let mut loads: Vec<usize> = Vec::new();
    weights
        .iter()
        .map(|&w| {
            match loads
                .iter_mut()
                .enumerate()
                .find(|(_, load)| **load + w <= capacity)
            {
                Some((bin, load)) => {
                    *load += w;
                    bin
                }
                None => {
                    loads.push(w);
                    loads.len() - 1
                }
            }
        })
        .collect()
}

fn bin_count(assignment: &[usize]) -> usize {
    assignment.iter().max().map_or(0, |&m| m + 1)
}

/// `suffix[i]`: the total weight of items `i..`.
fn suffix_sums(weights: &[usize]) -> Vec<usize> {
    let mut suffix: Vec<usize> = weights
        .iter()
        .rev()
        .scan(0, |total, &w| {
            *total += w;
            Some(*total)
        })
        .collect();
    suffix.reverse();
    suffix.push(0);
    suffix
}

struct Search<'a> {
    weights: &'a [usize],
    capacity: usize,
    suffix: Vec<usize>,
    /// Load of each open bin.
    loads: Vec<usize>,
    /// The bin of each placed item, in placing order (item `i` at `i`).
    assignment: Vec<usize>,
    best: Option<Vec<usize>>,
    best_count: usize,
    /// No packing uses fewer bins: the search stops when it finds one that many.
    lower: usize,
    nodes: usize,
}

impl Search<'_> {
    /// Whether the search is over: the lower bound is reached or the budget spent.
    fn done(&self) -> bool {
        self.best_count <= self.lower || self.nodes >= NODE_BUDGET
    }

    fn place(&mut self, item: usize) {
        self.nodes += 1;
        let Some(&weight) = self.weights.get(item) else {
            // Every item is placed.
            if self.loads.len() < self.best_count {
                self.best_count = self.loads.len();
                self.best = Some(self.assignment.clone());
            }
            return;
        };
        // The rest needs at least this many bins beyond the free room of the open ones
        // (`suffix` has an entry per item; a missing one would only weaken the bound).
        let free: usize = self.loads.iter().map(|&l| self.capacity - l).sum();
        let rest = self.suffix.get(item).copied().unwrap_or(0);
        let overflow = rest.saturating_sub(free);
        if self.loads.len() + overflow.div_ceil(self.capacity) >= self.best_count {
            return;
        }
        let mut tried: Vec<usize> = Vec::new();
        for bin in 0..self.loads.len() {
            let Some(load) = self.loads.get_mut(bin) else {
                break;
            };
            // Bins of equal load are interchangeable: trying one is enough.
            if *load + weight > self.capacity || tried.contains(load) {
                continue;
            }
            tried.push(*load);
            *load += weight;
            self.assignment.push(bin);
            self.place(item + 1);
            self.assignment.pop();
            // `place` leaves the open bins as it found them, so the bin is still there.
            if let Some(load) = self.loads.get_mut(bin) {
                *load -= weight;
            }
            if self.done() {
                return;
            }
        }
        if self.loads.len() + 1 < self.best_count {
            self.loads.push(weight);
            self.assignment.push(self.loads.len() - 1);
            self.place(item + 1);
            self.assignment.pop();
            self.loads.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_fit_decreasing_is_beaten_when_it_is_not_optimal() {
        // First fit decreasing packs 5,4 | 3,3 | 3 ... the optimum is 2 bins of 10.
        let weights = [3, 3, 4, 5, 2, 3];
        let bins = pack(&weights, 10);
        assert_eq!(bins.len(), 2, "{bins:?}");
        for bin in &bins {
            assert!(bin.iter().map(|&i| weights[i]).sum::<usize>() <= 10);
        }
    }

    #[test]
    fn bins_are_in_order_of_their_first_item() {
        let bins = pack(&[6, 6, 4, 4], 10);
        assert_eq!(bins, [vec![0, 2], vec![1, 3]]);
        assert_eq!(pack(&[1, 1, 1], 10), [vec![0, 1, 2]]);
        assert!(pack(&[], 10).is_empty());
    }

    #[test]
    fn large_inputs_finish() {
        let weights: Vec<usize> = (0..400).map(|i| 7 + (i * 37) % 53).collect();
        let bins = pack(&weights, 100);
        let total: usize = weights.iter().sum();
        assert!(bins.len() >= total.div_ceil(100));
        let mut seen: Vec<usize> = bins.concat();
        seen.sort_unstable();
        assert_eq!(seen, (0..400).collect::<Vec<_>>());
    }
}
