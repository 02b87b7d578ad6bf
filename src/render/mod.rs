//! Drawing: the laid-out diagram as SVG text, and SVG to PNG.

pub mod colour;
pub mod pdf;
pub mod png;
mod shapes;
pub mod svg;
pub mod theme;
