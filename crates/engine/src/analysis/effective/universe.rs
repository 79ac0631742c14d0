//! A dense numbering of the catalogue's actions, `0..len` in catalogue order (service prefix,
//! then action name, both ignoring ASCII case), so that the actions a pattern matches are a few
//! ranges and sets of actions are bitsets.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::OnceLock;

use crate::catalog::{self, AccessLevel};

/// The numbered catalogue, built once per process.
pub(super) struct Universe {
    /// Every `prefix:Name` in catalogue spelling, back to back in action-number order (one
    /// allocation instead of one per action: the plugin builds this in every process).
    text: String,
    /// End of each action's name in `text`, by action number.
    ends: Vec<u32>,
    levels: Vec<AccessLevel>,
    /// Action numbers in the byte order of their names (the order of a `BTreeSet<String>`).
    by_name: Vec<u32>,
    /// The position of each action number in `by_name`.
    rank: Vec<u32>,
    /// First action number of each service of `catalog::services()`, then the total.
    starts: Vec<u32>,
    /// See [`Universe::letter_bounds`]; made when a pattern first needs it.
    letters: OnceLock<Vec<[u32; LETTERS + 1]>>,
}

/// The letters `a` to `z`.
const LETTERS: usize = 26;

/// The shared numbering (built on first use, well under a millisecond).
pub(super) fn universe() -> &'static Universe {
    static UNIVERSE: OnceLock<Universe> = OnceLock::new();
    UNIVERSE.get_or_init(Universe::build)
}

/// Compares ignoring ASCII case, the order of every catalogue table.
pub(super) fn cmp_ci(a: &str, b: &str) -> Ordering {
    let lower = |c: u8| c.to_ascii_lowercase();
    a.bytes().map(lower).cmp(b.bytes().map(lower))
}

/// The run of `items` (sorted by `cmp_ci` of `key`) whose key starts with `prefix`.
pub(super) fn prefix_range<T>(items: &[T], key: impl Fn(&T) -> &str, prefix: &str) -> Range<usize> {
    let order = |item: &T| head_order(key(item).as_bytes(), prefix.as_bytes());
    let start = items.partition_point(|item| order(item) == Ordering::Less);
    let end = items.partition_point(|item| order(item) != Ordering::Greater);
    start..end.max(start)
}

/// How `name` orders, ignoring ASCII case, against the names starting with `head`: `Equal`
/// when it starts with it. A byte loop: heads are short, and lowering a byte as it is read
/// costs less than a `memcmp` call, or a lower-case copy of the catalogue in every process.
fn head_order(name: &[u8], head: &[u8]) -> Ordering {
    for (i, h) in head.iter().map(u8::to_ascii_lowercase).enumerate() {
        match name.get(i).map(u8::to_ascii_lowercase) {
            Some(c) if c == h => {}
            Some(c) => return c.cmp(&h),
            None => return Ordering::Less,
        }
    }
    Ordering::Equal
}

/// The first number of `range` for which `before` is false, `before` being true on a prefix of
/// the range (`partition_point` over a range of numbers).
fn partition(range: Range<u32>, before: impl Fn(u32) -> bool) -> u32 {
    let (mut low, mut high) = (range.start, range.end);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// Action numbers in the byte order of `prefix:Name`, without comparing whole names: `prefix:`
/// ends in the only `:` of a name, so two names of different services compare as their
/// `prefix:` do, and two names of one service as their action names do. The services are
/// ordered first (a few hundred), then each service's actions, which the catalogue already
/// lists in nearly that order (it ignores case), so each sort is close to a single pass.
fn byte_order(services: &[catalog::Service], starts: &[u32]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..services.len()).collect();
    let with_colon = |s: &catalog::Service| s.prefix().bytes().chain(std::iter::once(b':'));
    order.sort_by(|&a, &b| match (services.get(a), services.get(b)) {
        (Some(a), Some(b)) => with_colon(a).cmp(with_colon(b)),
        _ => Ordering::Equal,
    });
    let mut by_name = Vec::with_capacity(starts.last().copied().unwrap_or(0) as usize);
    for s in order {
        let (Some(service), Some(&start)) = (services.get(s), starts.get(s)) else {
            continue;
        };
        let actions = service.actions();
        let mut local: Vec<u32> = (0..u32::try_from(actions.len()).unwrap_or(0)).collect();
        local.sort_by_key(|&a| actions.get(a as usize).map(|a| a.name()));
        by_name.extend(local.into_iter().map(|a| start + a));
    }
    by_name
}

impl Universe {
    fn build() -> Self {
        let services = catalog::services();
        let mut starts = Vec::with_capacity(services.len() + 1);
        let mut next = 0u32;
        for service in services {
            starts.push(next);
            next += u32::try_from(service.actions().len()).unwrap_or(0);
        }
        starts.push(next);
        let count = catalog::all_actions().len();
        let mut text = String::with_capacity(count * 32);
        let mut ends = Vec::with_capacity(count);
        let mut levels = Vec::with_capacity(count);
        for (service, action) in catalog::all_actions() {
            text.push_str(service.prefix());
            text.push(':');
            text.push_str(action.name());
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            levels.push(action.access_level());
        }
        let by_name = byte_order(services, &starts);
        let mut rank = vec![0; by_name.len()];
        for (position, &index) in by_name.iter().enumerate() {
            if let Some(slot) = rank.get_mut(index as usize) {
                *slot = u32::try_from(position).unwrap_or(u32::MAX);
            }
        }
        Universe {
            text,
            ends,
            levels,
            by_name,
            rank,
            starts,
            letters: OnceLock::new(),
        }
    }

    /// Number of catalogue actions.
    pub(super) fn len(&self) -> u32 {
        u32::try_from(self.ends.len()).unwrap_or(u32::MAX)
    }

    /// The byte range of action number `index` in `text`.
    fn span(&self, index: u32) -> Range<usize> {
        let i = index as usize;
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        start as usize..end as usize
    }

    /// `prefix:Name` of action number `index`.
    pub(super) fn name(&'static self, index: u32) -> &'static str {
        self.text.get(self.span(index)).unwrap_or("")
    }

    /// The numbers of the actions of the service at `service` in `catalog::services()` whose
    /// name starts with `head` ignoring case: a run, as a service lists its
    /// actions sorted ignoring case.
    pub(super) fn run(&self, service: usize, head: &str) -> Range<u32> {
        let range = self.service_range(service);
        let skip = catalog::services()
            .get(service)
            .map_or(0, |s| s.prefix().len() + 1);
        let text = self.text.as_bytes();
        let order = |index: u32| {
            let span = self.span(index);
            let name = text.get(span.start + skip..span.end).unwrap_or(&[]);
            head_order(name, head.as_bytes())
        };
        let block = match head.bytes().next() {
            Some(first) => self
                .block(service, first.to_ascii_lowercase())
                .unwrap_or(range.clone()),
            None => range.clone(),
        };
        let start = partition(block.clone(), |i| order(i) == Ordering::Less);
        let end = partition(start..block.end, |i| order(i) != Ordering::Greater);
        start..end
    }

    /// The actions of service `service` whose name starts with the lower-case letter `first`
    /// ignoring case (`None` when `first` is not a letter): a search for a head then probes a
    /// few names instead of the whole service, which matters for `*:Get*`, searched in every
    /// service.
    fn block(&self, service: usize, first: u8) -> Option<Range<u32>> {
        let letter = usize::from(first.checked_sub(b'a')?);
        let bounds = self
            .letters
            .get_or_init(|| self.letter_bounds())
            .get(service)?;
        let start = self.service_range(service).start;
        Some(start + bounds.get(letter)?..start + bounds.get(letter + 1)?)
    }

    /// For each service, the offsets among its actions of the first name whose lower-case first
    /// byte is at least `a`, `b`, ..., `z`, and of the first one after `z`.
    fn letter_bounds(&self) -> Vec<[u32; LETTERS + 1]> {
        let text = self.text.as_bytes();
        let mut all = Vec::with_capacity(catalog::services().len());
        for (s, service) in catalog::services().iter().enumerate() {
            let skip = service.prefix().len() + 1;
            let range = self.service_range(s);
            let mut bounds = [range.len() as u32; LETTERS + 1];
            let mut next = 0;
            for (offset, index) in (0u32..).zip(range) {
                let first = text
                    .get(self.span(index).start + skip)
                    .map_or(0, u8::to_ascii_lowercase);
                // `b'a' + LETTERS` is the byte after `z`.
                while next <= LETTERS && usize::from(first) >= usize::from(b'a') + next {
                    if let Some(bound) = bounds.get_mut(next) {
                        *bound = offset;
                    }
                    next += 1;
                }
            }
            all.push(bounds);
        }
        all
    }

    /// Every action number, in the byte order of the names.
    pub(super) fn by_name(&self) -> &[u32] {
        &self.by_name
    }

    /// The position of action number `index` in the byte order of the names.
    pub(super) fn rank(&self, index: u32) -> u32 {
        self.rank.get(index as usize).copied().unwrap_or(u32::MAX)
    }

    /// The access level of action number `index`.
    pub(super) fn level(&self, index: u32) -> Option<AccessLevel> {
        self.levels.get(index as usize).copied()
    }

    /// The action numbers of the service at `service` in `catalog::services()`.
    pub(super) fn service_range(&self, service: usize) -> Range<u32> {
        let start = self.starts.get(service).copied().unwrap_or(0);
        let end = self.starts.get(service + 1).copied().unwrap_or(start);
        start..end
    }

    /// The number of `prefix:Name`, ignoring ASCII case.
    pub(super) fn index_of(&self, full_name: &str) -> Option<u32> {
        let (prefix, name) = full_name.split_once(':')?;
        let services = catalog::services();
        let s = services.partition_point(|s| cmp_ci(s.prefix(), prefix) == Ordering::Less);
        let service = services.get(s)?;
        if !service.prefix().eq_ignore_ascii_case(prefix) {
            return None;
        }
        let actions = service.actions();
        let a = actions.partition_point(|a| cmp_ci(a.name(), name) == Ordering::Less);
        if !actions.get(a)?.name().eq_ignore_ascii_case(name) {
            return None;
        }
        Some(self.service_range(s).start + u32::try_from(a).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_follows_services_and_names() {
        let u = universe();
        assert_eq!(u.len() as usize, catalog::all_actions().len());
        for (s, service) in catalog::services().iter().enumerate() {
            let range = u.service_range(s);
            assert_eq!(range.len(), service.actions().len());
            for (offset, action) in service.actions().iter().enumerate() {
                let index = range.start + offset as u32;
                assert_eq!(u.name(index), action.to_string());
            }
        }
    }

    #[test]
    fn byte_order_is_the_order_of_whole_names() {
        let u = universe();
        let names: Vec<&str> = u.by_name().iter().map(|&i| u.name(i)).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names.len(), u.len() as usize);
        assert_eq!(names, sorted);
        for (position, &index) in u.by_name().iter().enumerate() {
            assert_eq!(u.rank(index) as usize, position);
        }
    }

    #[test]
    fn runs_of_names_with_a_head() {
        let u = universe();
        let (s, service) = catalog::services()
            .iter()
            .enumerate()
            .find(|(_, s)| s.prefix() == "rekognition")
            .expect("rekognition");
        let range = u.service_range(s);
        let skip = "rekognition:".len();
        assert_eq!(service.actions().len(), range.len());
        for head in [
            "",
            "detect",
            "DeTect",
            "describe",
            "delete",
            "d",
            "zzz",
            "detectlabelsandmore",
            "a",
            "zz",
            "_x",
            "~",
        ] {
            let expected: Vec<u32> = range
                .clone()
                .filter(|&i| {
                    let name = u.name(i).to_ascii_lowercase();
                    let head = head.to_ascii_lowercase();
                    name.get(skip..).is_some_and(|n| n.starts_with(&head))
                })
                .collect();
            let run: Vec<u32> = u.run(s, head).collect();
            assert_eq!(run, expected, "{head}");
        }
    }

    #[test]
    fn lookup_ignores_case() {
        let u = universe();
        let i = u
            .index_of("REKOGNITION:detectlabels")
            .expect("known action");
        assert_eq!(u.name(i), "rekognition:DetectLabels");
        assert_eq!(u.index_of("rekognition:NoSuchAction"), None);
        assert_eq!(u.index_of("nosuchservice:DetectLabels"), None);
        assert_eq!(u.index_of("rekognition"), None);
    }
}
