//! Benchmarks of each stage (parse, layout, SVG, PNG) and of the whole path,
//! on the six seed diagrams and on generated flowcharts of 100 to 20,000
//! nodes (about 1.5 edges per node; with and without nested subgraphs; with
//! some edge labels). Run with `cargo bench`; see docs/performance.md.

use divan::{black_box, Bencher};
use generate::{flowchart, GraphSpec};
use mermaid_render::stages::{layout, parse, svg};
use mermaid_render::Options;

#[path = "support/generate.rs"]
mod generate;

fn main() {
    divan::main();
}

const SEEDS: [&str; 6] = [
    include_str!("../samples/seed-01.mmd"),
    include_str!("../samples/seed-02.mmd"),
    include_str!("../samples/seed-03.mmd"),
    include_str!("../samples/seed-04.mmd"),
    include_str!("../samples/seed-05.mmd"),
    include_str!("../samples/seed-06.mmd"),
];

fn generated(nodes: usize, clusters: bool) -> String {
    flowchart(&GraphSpec {
        nodes,
        edges_per_node_x10: 15,
        clusters,
        edge_labels: true,
        seed: 7,
    })
}

mod seed {
    use super::*;

    #[divan::bench(args = 0..6)]
    fn parse_stage(b: Bencher, i: usize) {
        b.bench(|| parse(black_box(SEEDS[i])).unwrap());
    }

    #[divan::bench(args = 0..6)]
    fn layout_stage(b: Bencher, i: usize) {
        let chart = parse(SEEDS[i]).unwrap();
        b.bench(|| layout(black_box(&chart)));
    }

    #[divan::bench(args = 0..6)]
    fn svg_stage(b: Bencher, i: usize) {
        let chart = parse(SEEDS[i]).unwrap();
        let l = layout(&chart);
        b.bench(|| svg(black_box(&chart), black_box(&l)));
    }

    #[divan::bench(args = 0..6)]
    fn png_stage(b: Bencher, i: usize) {
        let svg = mermaid_render::render_svg(SEEDS[i], &Options::default()).unwrap();
        b.bench(|| mermaid_render::svg_to_png(black_box(&svg), 1.0, Some("white")).unwrap());
    }

    #[divan::bench(args = 0..6)]
    fn whole_to_svg(b: Bencher, i: usize) {
        b.bench(|| mermaid_render::render_svg(black_box(SEEDS[i]), &Options::default()).unwrap());
    }

    #[divan::bench(args = 0..6)]
    fn whole_to_png(b: Bencher, i: usize) {
        b.bench(|| mermaid_render::render_png(black_box(SEEDS[i]), &Options::default()).unwrap());
    }
}

/// A sequence diagram of `messages` messages among `participants`
/// participants, with a note every 10 messages and a loop every 50.
fn sequence_source(messages: usize, participants: usize) -> String {
    let mut s = String::from("sequenceDiagram\nautonumber\n");
    for i in 0..messages {
        let (a, b) = (i * 7 % participants, (i * 13 + 1) % participants);
        if i % 50 == 0 {
            s.push_str("loop batch\n");
        }
        s.push_str(&format!("P{a}->>P{b}: message number {i}\n"));
        if i % 10 == 0 {
            s.push_str(&format!("Note over P{b}: note {i}\n"));
        }
        if i % 50 == 49 {
            s.push_str("end\n");
        }
    }
    s
}

mod sequence {
    use super::*;

    /// Parse, layout and SVG of 1,000 messages among 30 participants.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_1000_messages_30_participants(b: Bencher) {
        let src = sequence_source(1000, 30);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// A state diagram of `states` states in 10 composites (a tenth of the
/// states each, three of them with two regions), with `transitions`
/// transitions, a label on every third, start and end states and a note
/// every 50 states.
fn state_source(states: usize, transitions: usize) -> String {
    let per = states / 10;
    let mut s = String::from("stateDiagram-v2\n[*] --> S0\n");
    for c in 0..10 {
        s.push_str(&format!("state C{c} {{\n[*] --> S{}\n", c * per));
        for k in c * per..(c + 1) * per {
            if c < 3 && k == c * per + per / 2 {
                s.push_str("--\n");
            }
            s.push_str(&format!("S{k} : state number {k}\n"));
        }
        s.push_str("}\n");
    }
    for i in 0..transitions {
        let (a, b) = (i * 7 % states, (i * 13 + 1) % states);
        if i % 3 == 0 {
            s.push_str(&format!("S{a} --> S{b} : event {i}\n"));
        } else {
            s.push_str(&format!("S{a} --> S{b}\n"));
        }
    }
    for k in (0..states).step_by(50) {
        s.push_str(&format!("note right of S{k} : note {k}\n"));
    }
    s.push_str(&format!("S{} --> [*]\n", states - 1));
    s
}

mod state {
    use super::*;

    /// Parse, layout and SVG of 300 states, 600 transitions, 10 composites.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_300_states_600_transitions(b: Bencher) {
        let src = state_source(300, 600);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// A class diagram of `classes` classes (three attributes and two methods
/// each, one namespace per 50) and `relations` relations of every kind,
/// every third with cardinalities and every fifth with a label.
fn class_source(classes: usize, relations: usize) -> String {
    let mut s = String::from("classDiagram\n");
    for c in 0..classes {
        if c % 50 == 0 {
            s.push_str(&format!("namespace Group{} {{\n", c / 50));
        }
        s.push_str(&format!(
            "class C{c} {{\n+int id\n-String name\n#List~int~ items\n+load(int id) bool\n+save()$\n}}\n"
        ));
        if c % 50 == 49 || c + 1 == classes {
            s.push_str("}\n");
        }
    }
    let arrows = ["<|--", "*--", "o--", "-->", "--", "..>", "..|>", ".."];
    for r in 0..relations {
        let (a, b) = (r * 7 % classes, (r * 13 + 1) % classes);
        let arrow = arrows[r % arrows.len()];
        let cards = if r % 3 == 0 {
            ("\"1\" ", " \"*\"")
        } else {
            ("", "")
        };
        let label = if r % 5 == 0 { " : uses" } else { "" };
        s.push_str(&format!("C{a} {}{arrow}{} C{b}{label}\n", cards.0, cards.1));
    }
    s
}

mod class {
    use super::*;

    /// Parse, layout and SVG of 300 classes with 600 relations.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_300_classes_600_relations(b: Bencher) {
        let src = class_source(300, 600);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// An ER diagram of `entities` entities (four attribute rows each, keys
/// and a comment on some) and `relationships` relationships of every
/// cardinality, every other one dashed.
fn er_source(entities: usize, relationships: usize) -> String {
    let mut s = String::from("erDiagram\n");
    for e in 0..entities {
        s.push_str(&format!(
            "E{e} {{\nint id PK\nstring name UK \"shown name\"\nint parent FK\ndate created\n}}\n"
        ));
    }
    let cards = ["||", "|o", "}o", "}|"];
    let mirrored = ["||", "o|", "o{", "|{"];
    for r in 0..relationships {
        let (a, b) = (r * 7 % entities, (r * 13 + 1) % entities);
        let line = if r % 2 == 0 { "--" } else { ".." };
        s.push_str(&format!(
            "E{a} {}{line}{} E{b} : rel{r}\n",
            cards[r % 4],
            mirrored[(r / 4) % 4]
        ));
    }
    s
}

mod er {
    use super::*;

    /// Parse, layout and SVG of 300 entities with 600 relationships.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_300_entities_600_relationships(b: Bencher) {
        let src = er_source(300, 600);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// A pie chart of `slices` slices with long labels.
fn pie_source(slices: usize) -> String {
    let mut s = String::from("pie showData title Generated\n");
    for k in 0..slices {
        s.push_str(&format!(
            "  \"slice {k} of the generated pie\" : {}\n",
            1 + k * 7 % 31
        ));
    }
    s
}

mod pie {
    use super::*;

    /// Parse, layout and SVG of a pie chart of 200 slices.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_200_slices(b: Bencher) {
        let src = pie_source(200);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// A timeline of `periods` periods of three events, a section every ten.
fn timeline_source(periods: usize) -> String {
    let mut s = String::from("timeline\n  title Generated\n");
    for k in 0..periods {
        if k % 10 == 0 {
            s.push_str(&format!("  section Part {k}\n"));
        }
        s.push_str(&format!(
            "  {k} : first event of period {k} : second : third\n"
        ));
    }
    s
}

mod timeline {
    use super::*;

    /// Parse, layout and SVG of a timeline of 200 periods.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_200_periods(b: Bencher) {
        let src = timeline_source(200);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

/// A journey of `tasks` tasks of three actors, a section every eight.
fn journey_source(tasks: usize) -> String {
    let mut s = String::from("journey\n  title Generated\n");
    for k in 0..tasks {
        if k % 8 == 0 {
            s.push_str(&format!("  section Part {k}\n"));
        }
        s.push_str(&format!(
            "  task {k} of the journey: {}: a{}, b{}, c\n",
            1 + k % 5,
            k % 7,
            k % 3
        ));
    }
    s
}

mod journey {
    use super::*;

    /// Parse, layout and SVG of a journey of 200 tasks.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn whole_to_svg_200_tasks(b: Bencher) {
        let src = journey_source(200);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}

mod generated {
    use super::*;

    const SIZES: [usize; 4] = [100, 1000, 5000, 20000];

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn parse_stage(b: Bencher, n: usize) {
        let src = generated(n, false);
        b.bench(|| parse(black_box(&src)).unwrap());
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn layout_flat(b: Bencher, n: usize) {
        let chart = parse(&generated(n, false)).unwrap();
        b.bench(|| layout(black_box(&chart)));
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn layout_clusters(b: Bencher, n: usize) {
        let chart = parse(&generated(n, true)).unwrap();
        b.bench(|| layout(black_box(&chart)));
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn svg_stage(b: Bencher, n: usize) {
        let chart = parse(&generated(n, false)).unwrap();
        let l = layout(&chart);
        b.bench(|| svg(black_box(&chart), black_box(&l)));
    }

    #[divan::bench(args = [100, 1000], sample_count = 5, sample_size = 1)]
    fn png_stage(b: Bencher, n: usize) {
        let svg = mermaid_render::render_svg(&generated(n, false), &Options::default()).unwrap();
        b.bench(|| mermaid_render::svg_to_png(black_box(&svg), 1.0, Some("white")).unwrap());
    }

    #[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
    fn whole_to_svg(b: Bencher, n: usize) {
        let src = generated(n, false);
        b.bench(|| mermaid_render::render_svg(black_box(&src), &Options::default()).unwrap());
    }
}
