//! The flowchart family: its nom parser (`parse`, grammar in
//! `grammar/flowchart.ebnf`) and drawing its laid-out model as a
//! [`crate::scene::Scene`]. (Its model and layout adapter still live in
//! `src/model/` and `src/layout/`.)

pub mod parse;
pub(crate) mod scene;
mod shapes;
