//! The flowchart family: drawing its laid-out model as a [`crate::scene::Scene`].
//! (Its parser, model and layout adapter still live in `src/parse/`,
//! `src/model/` and `src/layout/`; they move here next.)

pub(crate) mod scene;
mod shapes;
