//! The append-only Merkle log of receipts, hashed as RFC 9162 §2.1 says: a leaf is
//! `SHA-256(0x00 || data)`, an inner node `SHA-256(0x01 || left || right)`, the empty tree
//! `SHA-256("")`; inclusion proofs (§2.1.3) and consistency proofs (§2.1.4) are made and
//! checked by the algorithms of that section, step for step, so a third party's RFC 9162 code
//! checks ours.

use sha2::{Digest, Sha256};

use journal::Hash;

/// The hash of a leaf: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(data);
    Hash(h.finalize().into())
}

/// The hash of an inner node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left.0);
    h.update(right.0);
    Hash(h.finalize().into())
}

/// The root of the empty tree: `SHA-256("")`.
pub fn empty_root() -> Hash {
    Hash(Sha256::digest([]).into())
}

/// The largest power of two smaller than `n` (`n` ≥ 2), the split point of RFC 9162 §2.1.1.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// A log held as its complete subtrees: `levels[h][i]` is the root of leaves
/// `[i·2^h, (i+1)·2^h)`. Appending is O(log n); the root of any earlier size and any proof
/// take O(log² n) hashes at most, without re-reading the leaves.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    levels: Vec<Vec<Hash>>,
}

impl Tree {
    pub fn new() -> Tree {
        Tree::default()
    }

    /// A tree of the given leaf hashes, in order.
    pub fn from_leaf_hashes(leaves: impl IntoIterator<Item = Hash>) -> Tree {
        let mut tree = Tree::new();
        for leaf in leaves {
            tree.push(leaf);
        }
        tree
    }

    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    /// Append a leaf hash; returns its index.
    pub fn push(&mut self, leaf: Hash) -> u64 {
        let index = self.size();
        let mut node = leaf;
        let mut level = 0;
        loop {
            if self.levels.len() == level {
                self.levels.push(Vec::new());
            }
            self.levels[level].push(node);
            let len = self.levels[level].len();
            if len % 2 == 1 {
                break;
            }
            node = node_hash(&self.levels[level][len - 2], &self.levels[level][len - 1]);
            level += 1;
        }
        index
    }

    /// Forget the leaves from `size` on (a write that did not reach the database).
    pub fn truncate(&mut self, size: u64) {
        for (h, level) in self.levels.iter_mut().enumerate() {
            level.truncate((size >> h) as usize);
        }
        while self.levels.last().is_some_and(Vec::is_empty) {
            self.levels.pop();
        }
    }

    /// The root of the first `size` leaves (`None` beyond the tree).
    pub fn root(&self, size: u64) -> Option<Hash> {
        (size <= self.size()).then(|| self.range(0, size))
    }

    /// MTH(D[a:b]) for a range the RFC's recursion asks for.
    fn range(&self, a: u64, b: u64) -> Hash {
        let n = b - a;
        if n == 0 {
            return empty_root();
        }
        if n.is_power_of_two() && a.is_multiple_of(n) {
            let level = n.trailing_zeros() as usize;
            return self.levels[level][(a / n) as usize];
        }
        let k = split(n);
        node_hash(&self.range(a, a + k), &self.range(a + k, b))
    }

    /// PATH(index, D[0:size]) of RFC 9162 §2.1.3.1.
    pub fn inclusion_proof(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        if index >= size || size > self.size() {
            return None;
        }
        let mut proof = Vec::new();
        self.path(index, 0, size, &mut proof);
        Some(proof)
    }

    fn path(&self, m: u64, a: u64, b: u64, out: &mut Vec<Hash>) {
        let n = b - a;
        if n <= 1 {
            return;
        }
        let k = split(n);
        if m < k {
            self.path(m, a, a + k, out);
            out.push(self.range(a + k, b));
        } else {
            self.path(m - k, a + k, b, out);
            out.push(self.range(a, a + k));
        }
    }

    /// PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1.
    pub fn consistency_proof(&self, first: u64, second: u64) -> Option<Vec<Hash>> {
        if first > second || second > self.size() {
            return None;
        }
        let mut proof = Vec::new();
        if first > 0 && first < second {
            self.subproof(first, 0, second, true, &mut proof);
        }
        Some(proof)
    }

    fn subproof(&self, m: u64, a: u64, b: u64, whole: bool, out: &mut Vec<Hash>) {
        let n = b - a;
        if m == n {
            if !whole {
                out.push(self.range(a, b));
            }
            return;
        }
        let k = split(n);
        if m <= k {
            self.subproof(m, a, a + k, whole, out);
            out.push(self.range(a + k, b));
        } else {
            self.subproof(m - k, a + k, b, false, out);
            out.push(self.range(a, a + k));
        }
    }
}

/// Why a proof does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf {index} is not in a tree of {size} leaves")]
    OutOfRange { index: u64, size: u64 },
    #[error("the proof has the wrong number of hashes")]
    Length,
    #[error("the proof does not lead to the root")]
    Root,
    #[error("the second tree ({second}) is smaller than the first ({first})")]
    Order { first: u64, second: u64 },
}

/// Check an inclusion proof (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::OutOfRange { index, size });
    }
    let (mut fn_, mut sn, mut r) = (index, size - 1, *leaf);
    for p in proof {
        if sn == 0 {
            return Err(ProofError::Length);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::Length);
    }
    if r != *root {
        return Err(ProofError::Root);
    }
    Ok(())
}

/// Check a consistency proof between two tree heads (RFC 9162 §2.1.4.2). A tree is consistent
/// with itself (an empty proof) and every tree with the empty tree.
pub fn verify_consistency(
    first: u64,
    first_root: &Hash,
    second: u64,
    second_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    if first > second {
        return Err(ProofError::Order { first, second });
    }
    if first == second {
        if !proof.is_empty() {
            return Err(ProofError::Length);
        }
        return if first_root == second_root {
            Ok(())
        } else {
            Err(ProofError::Root)
        };
    }
    if first == 0 {
        return if proof.is_empty() {
            Ok(())
        } else {
            Err(ProofError::Length)
        };
    }
    if proof.is_empty() {
        return Err(ProofError::Length);
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut fn_, mut sn) = (first - 1, second - 1);
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if sn == 0 {
            return Err(ProofError::Length);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    if sn != 0 {
        return Err(ProofError::Length);
    }
    if fr != *first_root || sr != *second_root {
        return Err(ProofError::Root);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MTH by the definition (RFC 9162 §2.1.1), recursively over the leaves: the reference the
    /// cached tree is checked against.
    fn mth(leaves: &[Hash]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaves[0],
            n => {
                let k = split(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    #[test]
    fn roots_match_the_definition_at_every_size() {
        let all = leaves(70);
        let tree = Tree::from_leaf_hashes(all.iter().copied());
        for size in 0..=70u64 {
            assert_eq!(
                tree.root(size),
                Some(mth(&all[..size as usize])),
                "size {size}"
            );
        }
        assert_eq!(tree.root(71), None);
        let mut cut = tree.clone();
        cut.truncate(37);
        assert_eq!(cut.size(), 37);
        assert_eq!(cut.root(37), Some(mth(&all[..37])));
        cut.push(all[37]);
        assert_eq!(cut.root(38), Some(mth(&all[..38])));
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_wrong_one_does_not() {
        let all = leaves(33);
        let tree = Tree::from_leaf_hashes(all.iter().copied());
        for size in 1..=33u64 {
            let root = tree.root(size).unwrap();
            for index in 0..size {
                let proof = tree.inclusion_proof(index, size).unwrap();
                let leaf = &all[index as usize];
                verify_inclusion(leaf, index, size, &proof, &root).unwrap();
                let other = leaf_hash(b"other");
                assert!(verify_inclusion(&other, index, size, &proof, &root).is_err());
                if size > 1 {
                    let wrong = (index + 1) % size;
                    assert!(verify_inclusion(leaf, wrong, size, &proof, &root).is_err());
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_rewritten_log_fails() {
        let all = leaves(33);
        let tree = Tree::from_leaf_hashes(all.iter().copied());
        let mut rewritten = all.clone();
        rewritten[4] = leaf_hash(b"a receipt dropped and replaced");
        let forged = Tree::from_leaf_hashes(rewritten);
        for second in 0..=33u64 {
            for first in 0..=second {
                let proof = tree.consistency_proof(first, second).unwrap();
                let (r1, r2) = (tree.root(first).unwrap(), tree.root(second).unwrap());
                verify_consistency(first, &r1, second, &r2, &proof).unwrap();
                if first > 4 && first < second {
                    // The forged log's newer head cannot be proven consistent with the old one.
                    let proof = forged.consistency_proof(first, second).unwrap();
                    let r2 = forged.root(second).unwrap();
                    assert!(verify_consistency(first, &r1, second, &r2, &proof).is_err());
                }
            }
        }
    }

    #[test]
    fn the_rfc_example_tree_of_seven_has_the_documented_proof_shapes() {
        // RFC 9162 §2.1.5: the proof for d0 in the 7-leaf tree is [b, h, l]: three hashes;
        // consistency 3 → 7 is [c, d, g, l]: four hashes; 4 → 7 is [l]; 6 → 7 is [i, j, k].
        let tree = Tree::from_leaf_hashes(leaves(7));
        assert_eq!(tree.inclusion_proof(0, 7).unwrap().len(), 3);
        assert_eq!(tree.consistency_proof(3, 7).unwrap().len(), 4);
        assert_eq!(tree.consistency_proof(4, 7).unwrap().len(), 1);
        assert_eq!(tree.consistency_proof(6, 7).unwrap().len(), 3);
    }
}
