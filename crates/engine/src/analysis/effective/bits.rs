//! Sets of action numbers: sorted range lists (what patterns expand to) and bitsets (what
//! unions and differences are computed on).

use std::ops::Range;

/// Sorted, disjoint, non-adjacent ranges of action numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct RangeSet(Vec<Range<u32>>);

impl RangeSet {
    /// The union of `ranges` (in any order, overlapping or not).
    pub(super) fn from_ranges(mut ranges: Vec<Range<u32>>) -> Self {
        ranges.retain(|r| !r.is_empty());
        // Often a few sorted runs (one per pattern): the stable sort merges them cheaply.
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<u32>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        RangeSet(merged)
    }

    /// The numbers of one range.
    pub(super) fn single(range: Range<u32>) -> Self {
        RangeSet::from_ranges(Vec::from([range]))
    }

    /// Every number of `within` not in `self`.
    pub(super) fn complement(&self, within: Range<u32>) -> Self {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut next = within.start;
        for r in &self.0 {
            let start = r.start.min(within.end);
            if start > next {
                out.push(next..start);
            }
            next = next.max(r.end);
        }
        if next < within.end {
            out.push(next..within.end);
        }
        RangeSet(out)
    }

    pub(super) fn contains(&self, value: u32) -> bool {
        let i = self.0.partition_point(|r| r.end <= value);
        self.0.get(i).is_some_and(|r| r.contains(&value))
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn ranges(&self) -> &[Range<u32>] {
        &self.0
    }

    /// The words (64 numbers each) the set touches, as a word range.
    pub(super) fn word_span(&self) -> Range<usize> {
        match (self.0.first(), self.0.last()) {
            (Some(first), Some(last)) => {
                (first.start / 64) as usize..(last.end as usize).div_ceil(64)
            }
            _ => 0..0,
        }
    }

    /// Whether the two sets share a number.
    pub(super) fn intersects(&self, other: &RangeSet) -> bool {
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.0.get(i), other.0.get(j)) {
            if a.start < b.end && b.start < a.end {
                return true;
            }
            if a.end <= b.end {
                i += 1;
            } else {
                j += 1;
            }
        }
        false
    }
}

/// A bitset over the words `offset..offset + words.len()` of the action numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bits {
    offset: usize,
    words: Vec<u64>,
}

impl Bits {
    /// An empty set able to hold the numbers in the word range `span`.
    pub(super) fn empty(span: Range<usize>) -> Self {
        Bits {
            offset: span.start,
            words: vec![0; span.len()],
        }
    }

    /// The set of `ranges`, restricted to the words `span`.
    pub(super) fn of(ranges: &RangeSet, span: Range<usize>) -> Self {
        let mut bits = Bits::empty(span);
        bits.insert_set(ranges);
        bits
    }

    /// Makes this set a copy of `other`, reusing its storage.
    pub(super) fn copy_from(&mut self, other: &Bits) {
        self.offset = other.offset;
        self.words.clear();
        self.words.extend_from_slice(&other.words);
    }

    /// Adds `range` (the part inside this set's words).
    pub(super) fn insert_range(&mut self, range: Range<u32>) {
        let lo = self.offset * 64;
        let hi = lo + self.words.len() * 64;
        let start = (range.start as usize).max(lo);
        let end = (range.end as usize).min(hi);
        if start >= end {
            return;
        }
        let (first, last) = ((start - lo) / 64, (end - 1 - lo) / 64);
        // Bits `from..=to` of one word.
        let mask = |from: usize, to: usize| (u64::MAX >> (63 - to)) & (u64::MAX << from);
        let (from, to) = (start % 64, (end - 1) % 64);
        if first == last {
            if let Some(w) = self.words.get_mut(first) {
                *w |= mask(from, to);
            }
            return;
        }
        if let Some(w) = self.words.get_mut(first) {
            *w |= mask(from, 63);
        }
        if let Some(middle) = self.words.get_mut(first + 1..last) {
            middle.fill(u64::MAX);
        }
        if let Some(w) = self.words.get_mut(last) {
            *w |= mask(0, to);
        }
    }

    /// Adds every number of `ranges` that lies in this set's words.
    pub(super) fn insert_set(&mut self, ranges: &RangeSet) {
        let lo = u32::try_from(self.offset * 64).unwrap_or(u32::MAX);
        let hi = u32::try_from((self.offset + self.words.len()) * 64).unwrap_or(u32::MAX);
        let all = ranges.ranges();
        let first = all.partition_point(|r| r.end <= lo);
        for r in all.iter().skip(first).take_while(|r| r.start < hi) {
            self.insert_range(r.clone());
        }
    }

    /// The word at absolute word index `word` (0 outside this set's words).
    pub(super) fn word(&self, word: usize) -> u64 {
        word.checked_sub(self.offset)
            .and_then(|w| self.words.get(w))
            .copied()
            .unwrap_or(0)
    }

    /// Collects into `out` the absolute indexes of the words where this set meets `other`.
    pub(super) fn meeting_words(&self, other: &Bits, out: &mut Vec<usize>) {
        let start = self.offset.max(other.offset);
        let end = (self.offset + self.words.len()).min(other.offset + other.words.len());
        if start >= end {
            return;
        }
        let mine = self.words.get(start - self.offset..end - self.offset);
        let theirs = other.words.get(start - other.offset..end - other.offset);
        if let (Some(mine), Some(theirs)) = (mine, theirs) {
            for (i, (a, b)) in mine.iter().zip(theirs).enumerate() {
                if a & b != 0 {
                    out.push(start + i);
                }
            }
        }
    }

    /// Whether this set and `other` share a number.
    pub(super) fn meets(&self, other: &Bits) -> bool {
        let start = self.offset.max(other.offset);
        let end = (self.offset + self.words.len()).min(other.offset + other.words.len());
        if start >= end {
            return false;
        }
        let mine = self.words.get(start - self.offset..end - self.offset);
        let theirs = other.words.get(start - other.offset..end - other.offset);
        match (mine, theirs) {
            (Some(mine), Some(theirs)) => mine.iter().zip(theirs).any(|(a, b)| a & b != 0),
            _ => false,
        }
    }

    /// Keeps only the bits of `mask` in the word at absolute index `word`.
    pub(super) fn mask_word(&mut self, word: usize, mask: u64) {
        if let Some(w) = word
            .checked_sub(self.offset)
            .and_then(|w| self.words.get_mut(w))
        {
            *w &= mask;
        }
    }

    /// The union of several sets, over the words any of them has.
    pub(super) fn union_of<'a>(sets: impl Iterator<Item = &'a Bits> + Clone) -> Bits {
        let start = sets.clone().map(|b| b.offset).min().unwrap_or(0);
        let end = sets
            .clone()
            .map(|b| b.offset + b.words.len())
            .max()
            .unwrap_or(0);
        let mut out = Bits::empty(start..end.max(start));
        for set in sets {
            out.union_with(set);
        }
        out
    }

    pub(super) fn contains(&self, value: u32) -> bool {
        let word = (value / 64) as usize;
        word.checked_sub(self.offset)
            .and_then(|w| self.words.get(w))
            .is_some_and(|w| w & (1 << (value % 64)) != 0)
    }

    /// Applies `op` word by word with `other`, over this set's words (`other` is read as
    /// empty outside its own words).
    fn combine(&mut self, other: &Bits, op: impl Fn(u64, u64) -> u64) {
        let start = self.offset.max(other.offset);
        let end = (self.offset + self.words.len()).min(other.offset + other.words.len());
        let overlap = start..end.max(start);
        let (mine, theirs) = (
            self.words
                .get_mut(overlap.start - self.offset..overlap.end - self.offset),
            other
                .words
                .get(overlap.start - other.offset..overlap.end - other.offset),
        );
        if let (Some(mine), Some(theirs)) = (mine, theirs) {
            for (w, o) in mine.iter_mut().zip(theirs) {
                *w = op(*w, *o);
            }
        }
        // Outside `other`'s words it reads as empty.
        let (before, after) = (overlap.start - self.offset, overlap.end - self.offset);
        for (i, w) in self.words.iter_mut().enumerate() {
            if i < before || i >= after {
                *w = op(*w, 0);
            }
        }
    }

    /// Adds the numbers of `other` that lie in this set's words (touching only the words
    /// both have, so a narrow `other` is cheap to add to a wide set).
    pub(super) fn union_with(&mut self, other: &Bits) {
        let start = self.offset.max(other.offset);
        let end = (self.offset + self.words.len()).min(other.offset + other.words.len());
        if start >= end {
            return;
        }
        let mine = self.words.get_mut(start - self.offset..end - self.offset);
        let theirs = other.words.get(start - other.offset..end - other.offset);
        if let (Some(mine), Some(theirs)) = (mine, theirs) {
            for (w, o) in mine.iter_mut().zip(theirs) {
                *w |= *o;
            }
        }
    }

    pub(super) fn intersect_with(&mut self, other: &Bits) {
        self.combine(other, |a, b| a & b);
    }

    pub(super) fn subtract(&mut self, other: &Bits) {
        self.combine(other, |a, b| a & !b);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// The number of members.
    pub(super) fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The numbers in the set, ascending.
    pub(super) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(move |(i, &w)| {
            let base = ((self.offset + i) * 64) as u32;
            let mut rest = w;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros();
                rest &= rest - 1;
                Some(base + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_complement() {
        let set = RangeSet::from_ranges(vec![5..7, 0..2, 6..9, 9..10, 3..3]);
        assert_eq!(set.ranges(), &[0..2, 5..10]);
        assert_eq!(set.complement(0..12).ranges(), &[2..5, 10..12]);
        assert_eq!(set.complement(1..8), RangeSet::single(2..5));
        assert_eq!(set.complement(12..14), RangeSet::single(12..14));
        assert!(set.contains(9) && !set.contains(2) && !set.contains(10));
        assert!(set.intersects(&RangeSet::single(1..2)));
        assert!(!set.intersects(&RangeSet::from_ranges(vec![2..5, 10..20])));
    }

    #[test]
    fn bitset_operations() {
        let a = RangeSet::from_ranges(vec![3..70, 130..131]);
        let mut bits = Bits::of(&a, 0..3);
        assert_eq!(bits.iter().count(), 68);
        assert!(bits.contains(69) && !bits.contains(70) && bits.contains(130));
        let b = Bits::of(&RangeSet::single(60..200), 0..4);
        bits.subtract(&b);
        assert_eq!(bits.iter().collect::<Vec<_>>(), (3..60).collect::<Vec<_>>());
        assert_eq!(bits.len(), 57);
        let mut c = Bits::of(&RangeSet::single(0..64), 0..1);
        c.intersect_with(&bits);
        assert_eq!(c.iter().count(), 57);
        assert!(Bits::empty(2..5).is_empty());
        assert!(c.contains(10));
    }
}
