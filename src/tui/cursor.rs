//! Moving the selection in a list, the same way on every screen: one row up or
//! down, a page at a time, never past either end.

use super::keymap::Action;

/// Rows a page key moves.
pub const PAGE: usize = 10;

/// The selection after `action` in a list of `len` rows, or `None` when the
/// action does not move the selection.
pub fn moved(selected: usize, len: usize, action: Option<Action>) -> Option<usize> {
    let last = len.saturating_sub(1);
    match action? {
        Action::Up => Some(selected.saturating_sub(1)),
        Action::Down => Some((selected + 1).min(last)),
        Action::PageUp => Some(selected.saturating_sub(PAGE)),
        Action::PageDown => Some((selected + PAGE).min(last)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_stays_inside_the_list() {
        assert_eq!(moved(0, 3, Some(Action::Up)), Some(0));
        assert_eq!(moved(2, 3, Some(Action::Down)), Some(2));
        assert_eq!(moved(1, 3, Some(Action::Down)), Some(2));
        assert_eq!(moved(0, 0, Some(Action::Down)), Some(0));
        assert_eq!(moved(15, 20, Some(Action::PageDown)), Some(19));
        assert_eq!(moved(5, 20, Some(Action::PageUp)), Some(0));
        assert_eq!(moved(5, 20, Some(Action::Open)), None);
        assert_eq!(moved(5, 20, None), None);
    }
}
