//! The look: only the 16 named ANSI colors (they follow the user's terminal over
//! SSH), and a monochrome variant for `NO_COLOR` that shows state with bold and
//! reverse video. Meaning is never carried by color alone: badges and markers are
//! letters and words.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Color unless `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn normal(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Black).bg(Color::Cyan),
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn error(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::default().fg(Color::Yellow),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(Style::default().fg(Color::DarkGray), Style::default())
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::default()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD),
            Style::default().add_modifier(Modifier::BOLD),
        )
    }

    pub fn ok(&self) -> Style {
        self.pick(Style::default().fg(Color::Green), Style::default())
    }
}
