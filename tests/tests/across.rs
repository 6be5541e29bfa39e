//! Issue 12 end to end: the cross-network layer (`social_core::{broadcast, preview, presence,
//! inbox}`) over X, a Facebook Page, a LinkedIn member and a LinkedIn page, each against its
//! stateful fake (mounted under `/x`, `/facebook`, `/linkedin` of one server), and over an
//! adapter written here with its own identity.
//!
//! Every fake's clock and the clients' `ManualClock` read the same frozen second; the tests move
//! the fakes' clocks to date new items. No test measures time.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use social_core::across::Reading;
use social_core::auth::{AccessToken, AppSecret, ClientSecret};
use social_core::broadcast::{BroadcastOptions, Outcome, SkipReason, broadcast, follow_up};
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::inbox::Inbox;
use social_core::presence::{Engagement, PresenceSource, presence};
use social_core::preview::preview;
use social_core::{
    Audience, AudienceReader, AwaitingReplies, Conversations, Identity, MediaId, MediaRef, Network,
    Override, Post, PostId, Published, Publisher, RecentPosts, Result, Target, TargetId, UserId,
};
use social_facebook::FacebookClient;
use social_facebook::adapter::FacebookPage;
use social_facebook::models::PageId;
use social_linkedin::LinkedInClient;
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::models::ReactionType;
use social_linkedin::urn::{OrganizationUrn, PersonUrn, PostUrn};
use social_testkit::facebook::{
    DEMO_APP_ID, DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_PAGE_TOKEN, DEMO_POST_ID,
    DEMO_QUESTION_COMMENT_ID, GraphFake,
};
use social_testkit::linkedin::{
    ALL_SCOPES, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_MEMBER_SUB, DEMO_MEMBER_TOKEN,
    DEMO_ORGANIZATION_ID, DEMO_REDIRECT_URI, DEMO_SELF_SERVE_TOKEN, LinkedInFake,
};
use social_testkit::x::XFake;
use social_testkit::{FakeServer, Fault, PathPattern};
use social_twitter::{TwitterClient, XAccount};

/// The frozen second every clock reads at the start.
const NOW: i64 = 1_796_461_200;

/// The three fakes on one server, and a client clock on the same second.
struct World {
    x: XFake,
    alice: String,
    graph: GraphFake,
    linkedin: LinkedInFake,
    server: FakeServer,
    clock: ManualClock,
}

fn retries() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(Jitter::None)
        .max_attempts(2)
        .base_delay(Duration::from_millis(10))
}

impl World {
    async fn new() -> World {
        let x = XFake::default();
        let alice = x.add_user("alice", "Alice");
        x.state().with(|s| s.set_now(NOW));
        let graph = GraphFake::demo();
        graph.state().with(|s| s.set_now(NOW));
        let linkedin = LinkedInFake::demo();
        linkedin.state().lock().set_now(NOW);
        let server = FakeServer::start(()).await;
        server.mount("/x", &x).await;
        server.mount("/facebook", &graph).await;
        server.mount("/linkedin", &linkedin).await;
        let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(NOW as u64));
        World {
            x,
            alice,
            graph,
            linkedin,
            server,
            clock,
        }
    }

    /// Moves every fake's clock `seconds` on.
    fn advance(&self, seconds: i64) {
        self.x.state().with(|s| s.advance(seconds));
        self.graph.state().with(|s| s.advance(seconds));
        self.linkedin.state().lock().advance(seconds);
        self.clock.advance(Duration::from_secs(seconds as u64));
    }

    fn x(&self) -> XAccount {
        let client = TwitterClient::builder()
            .base_url(format!("{}/x", self.server.uri()))
            .retry_policy(retries())
            .clock(Arc::new(self.clock.clone()))
            .user_token(AccessToken::new(self.x.user_token(&self.alice)))
            .build()
            .unwrap();
        XAccount::new(client).with_identity(UserId::new(self.alice.clone()), "alice")
    }

    fn page(&self) -> FacebookPage {
        let client = FacebookClient::builder()
            .base_url(format!("{}/facebook", self.server.uri()))
            .app_id(DEMO_APP_ID)
            .app_secret(AppSecret::new(DEMO_APP_SECRET))
            .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
            .retry_policy(retries())
            .clock(Arc::new(self.clock.clone()))
            .build()
            .unwrap();
        FacebookPage::new(client, PageId::new(DEMO_PAGE_ID)).with_label("Martin & Associés")
    }

    fn linkedin_client(&self) -> LinkedInClient {
        LinkedInClient::builder()
            .base_url(format!("{}/linkedin", self.server.uri()))
            .client_id(DEMO_CLIENT_ID)
            .client_secret(ClientSecret::new(DEMO_CLIENT_SECRET))
            .redirect_uri(DEMO_REDIRECT_URI)
            .retry_policy(retries())
            .clock(Arc::new(self.clock.clone()))
            .access_token(AccessToken::new(DEMO_MEMBER_TOKEN))
            .build()
            .unwrap()
    }

    fn member(&self) -> LinkedInMember {
        LinkedInMember::new(
            self.linkedin_client(),
            PersonUrn::new(DEMO_MEMBER_SUB).unwrap(),
        )
        .with_label("Camille Martin")
    }

    fn firm(&self) -> LinkedInOrganization {
        LinkedInOrganization::new(
            self.linkedin_client(),
            OrganizationUrn::new(DEMO_ORGANIZATION_ID).unwrap(),
        )
        .with_label("Martin & Associés (LinkedIn)")
    }

    /// The requests that reached the server with `method` on a path starting with `prefix`.
    async fn requests(&self, method: &str, prefix: &str) -> usize {
        self.server
            .received_requests()
            .await
            .iter()
            .filter(|r| r.method.as_str() == method && r.url.path().starts_with(prefix))
            .count()
    }

    fn options(&self) -> BroadcastOptions {
        BroadcastOptions::default().clock(Arc::new(self.clock.clone()))
    }
}

fn at(unix: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(unix, 0).unwrap()
}

/// A draft X refuses twice (too long, scheduled) and LinkedIn once (scheduled); the Page
/// accepts it (scheduled an hour ahead).
fn refused_by_x_and_linkedin() -> Post {
    Post::new(format!(
        "Our new office opens on Monday. {}",
        "Details inside. ".repeat(20)
    ))
    .scheduled_at(at(NOW + 3600))
}

fn problems(outcome: &Outcome) -> Vec<String> {
    match outcome {
        Outcome::Refused { problems, .. } => problems.iter().map(|p| p.field.clone()).collect(),
        other => panic!("expected Refused, got {other:?}"),
    }
}

// Case 1: one target refuses → nothing is sent anywhere, and every problem of every target
// comes back at once.
#[tokio::test]
async fn case1_all_or_nothing_validation_sends_nothing_and_returns_every_violation() {
    let w = World::new().await;
    let (x, page, member) = (w.x(), w.page(), w.member());
    let report = broadcast(
        &[&x, &page, &member],
        &refused_by_x_and_linkedin(),
        &w.options(),
    )
    .await;

    let x_problems = problems(&report.targets[0].outcome);
    assert!(x_problems.contains(&"text".to_string()), "{x_problems:?}");
    assert!(
        x_problems.contains(&"scheduled_at".to_string()),
        "{x_problems:?}"
    );
    assert_eq!(problems(&report.targets[2].outcome), ["scheduled_at"]);
    assert_eq!(
        report.targets[1].outcome,
        Outcome::Skipped {
            reason: SkipReason::OthersRefused
        }
    );
    assert!(report.refused_by_some());
    assert_eq!(w.requests("POST", "/").await, 0, "nothing may be sent");
    // Printable and serialisable.
    let text = report.to_string();
    assert!(text.contains("@alice (X): refused"), "{text}");
    assert!(text.contains("another target refused"), "{text}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["targets"][1]["outcome"]["outcome"], "skipped");
}

// Case 1: "send to those that accept": the refusing targets are reported, the Page publishes.
#[tokio::test]
async fn case1_refusal_on_one_target_with_send_to_those_that_accept() {
    let w = World::new().await;
    let (x, page, member) = (w.x(), w.page(), w.member());
    let report = broadcast(
        &[&x, &page, &member],
        &refused_by_x_and_linkedin(),
        &w.options().send_to_those_that_accept(true),
    )
    .await;
    assert_eq!(problems(&report.targets[0].outcome).len(), 2);
    assert_eq!(problems(&report.targets[2].outcome), ["scheduled_at"]);
    let Outcome::Published { published } = &report.targets[1].outcome else {
        panic!("the Page accepts the draft: {report}");
    };
    assert_eq!(published.scheduled_at, Some(at(NOW + 3600)));
    assert_eq!(w.requests("POST", "/x/").await, 0);
    assert_eq!(w.requests("POST", "/linkedin/").await, 0);
    assert_eq!(w.requests("POST", "/facebook/").await, 1);
}

// Case 1: X answers the create with a 503 after storing the post. Its outcome is unknown:
// `Unconfirmed`, the others published, nothing re-sent. The follow-up reconciles X (found: not
// sent again) and leaves the published ones alone.
#[tokio::test]
async fn case1_partial_failure_503_after_sending_is_unconfirmed_and_nothing_is_resent() {
    let w = World::new().await;
    let (x, page, member, firm) = (w.x(), w.page(), w.member(), w.firm());
    let draft = Post::new("We moved: 12 rue de la Paix, Paris.");
    // The post reaches X's store, then the answer is lost in a 503.
    let stored = w.x.post_as(&w.alice, &draft.text);
    w.server
        .inject_on("POST", "/x/2/tweets", Fault::status(503), 1);
    let targets: [&dyn Publisher; 4] = [&x, &page, &member, &firm];
    let report = broadcast(&targets, &draft, &w.options()).await;

    let Outcome::Unconfirmed { attempted_at, .. } = &report.targets[0].outcome else {
        panic!("X must be unconfirmed: {report}");
    };
    assert_eq!(*attempted_at, at(NOW));
    for line in &report.targets[1..] {
        assert!(
            matches!(line.outcome, Outcome::Published { .. }),
            "{report}"
        );
    }
    assert!(!report.settled());
    assert_eq!(w.requests("POST", "/x/2/tweets").await, 1, "never re-sent");
    assert!(report.to_string().contains("UNCONFIRMED"), "{report}");

    let settled = follow_up(&report, &[&x, &page, &member, &firm], &w.options()).await;
    let Outcome::Published { published } = &settled.targets[0].outcome else {
        panic!("reconciling finds the stored post: {settled}");
    };
    assert_eq!(published.id, PostId::new(stored));
    assert_eq!(settled.targets[1..], report.targets[1..]);
    assert!(settled.settled());
    assert_eq!(
        w.requests("POST", "/x/2/tweets").await,
        1,
        "found: not re-sent"
    );
    assert_eq!(w.requests("POST", "/facebook/").await, 1);
    assert_eq!(w.requests("POST", "/linkedin/").await, 2);
}

// Case 1: the follow-up re-sends an unconfirmed post only after reconciling said NotFound.
#[tokio::test]
async fn case1_follow_up_resends_an_unconfirmed_post_only_after_not_found() {
    let w = World::new().await;
    let (x, page) = (w.x(), w.page());
    w.server
        .inject_on("POST", "/x/2/tweets", Fault::status(503), 1);
    let draft = Post::new("Closed on Friday for the move.");
    let report = broadcast(&[&x, &page], &draft, &w.options()).await;
    assert!(matches!(
        report.targets[0].outcome,
        Outcome::Unconfirmed { .. }
    ));
    let settled = follow_up(&report, &[&x, &page], &w.options()).await;
    assert!(settled.settled(), "{settled}");
    assert_eq!(w.requests("POST", "/x/2/tweets").await, 2);
    assert_eq!(
        w.requests("POST", "/facebook/").await,
        1,
        "published: never re-sent"
    );
}

// Targets are identities: a member and their firm's page are two LinkedIn targets, each with
// its own override; per-network overrides remain the fallback.
#[tokio::test]
async fn case1_per_target_overrides_reach_each_identity() {
    let w = World::new().await;
    let (member, firm) = (w.member(), w.firm());
    let draft = Post::new("We are hiring a tax associate.")
        .with_override(
            Network::LinkedIn,
            Override::default().with_text("We are hiring (LinkedIn)."),
        )
        .with_target_override(
            firm.target().id,
            Override::default().with_text("Martin & Associés is hiring."),
        );
    let report = broadcast(&[&member, &firm], &draft, &w.options()).await;
    assert!(report.settled(), "{report}");
    let texts = commentaries(&w, &format!("urn:li:organization:{DEMO_ORGANIZATION_ID}"));
    assert!(texts.iter().any(|t| t.contains("is hiring")), "{texts:?}");
    let member_texts = commentaries(&w, &format!("urn:li:person:{DEMO_MEMBER_SUB}"));
    assert!(
        member_texts.iter().any(|t| t.contains("LinkedIn\\)")),
        "{member_texts:?}"
    );
}

/// The commentaries of `author`'s posts in the LinkedIn fake.
fn commentaries(w: &World, author: &str) -> Vec<String> {
    let state = w.linkedin.state();
    let state = state.lock();
    state
        .posts_by(author)
        .iter()
        .filter_map(|urn| state.post_commentary(urn).map(str::to_string))
        .collect()
}

// Case 2: the preview shows what each network receives, with every violation, and sends nothing.
#[tokio::test]
async fn case2_preview_shows_what_each_target_receives_and_sends_nothing() {
    let w = World::new().await;
    let (x, page, member) = (w.x(), w.page(), w.member());
    let draft = Post::new("Our guide (2027) #tax @acme")
        .with_link("https://example.com/a/very/long/path/that/x/counts/as/twenty-three");
    let report = preview(&[&x, &page, &member], &draft);
    let [x_entry, page_entry, member_entry] = &report.entries[..] else {
        panic!("three entries");
    };
    let xr = x_entry.rendering.as_ref().unwrap();
    // "Our guide (2027) #tax @acme " is 28 characters, the link counts 23.
    assert_eq!(xr.length.as_ref().unwrap().counted, 28 + 23);
    assert!(xr.text.ends_with("twenty-three"));
    let pr = page_entry.rendering.as_ref().unwrap();
    assert_eq!(pr.text, "Our guide (2027) #tax @acme");
    assert!(pr.link.is_some());
    let lr = member_entry.rendering.as_ref().unwrap();
    assert!(
        lr.text.starts_with("Our guide \\(2027\\) \\#tax \\@acme"),
        "{}",
        lr.text
    );
    assert!(
        lr.notes.iter().any(|n| n.contains("#tax")),
        "{:?}",
        lr.notes
    );
    assert!(report.all_accepted(), "{report}");

    let refused = preview(&[&x, &page, &member], &refused_by_x_and_linkedin());
    assert_eq!(refused.refusals().count(), 2);
    let text = refused.to_string();
    assert!(
        text.contains("REFUSED") && text.contains("scheduled_at"),
        "{text}"
    );
    let json = serde_json::to_value(&refused).unwrap();
    assert_eq!(json["entries"][1]["problems"], serde_json::json!([]));
    assert_eq!(w.requests("POST", "/").await, 0);
}

// Case 3: audience and recent engagement for every target; one network down is reported as
// failed and the others are read.
#[tokio::test]
async fn case3_presence_with_one_network_down() {
    let w = World::new().await;
    let (x, page, member, firm) = (w.x(), w.page(), w.member(), w.firm());
    let post = w.x.post_as(&w.alice, "Hello from Alice");
    w.server.inject_on(
        "GET",
        PathPattern::regex(r"^/facebook/"),
        Fault::json(
            400,
            &serde_json::json!({"error": {"message": "(#100) Down for the test", "type": "OAuthException", "code": 100}}),
        ),
        10,
    );
    let targets: [&dyn PresenceSource; 4] = [&x, &page, &member, &firm];
    let report = presence(&targets, 3, &w.clock).await;
    let [xp, fp, mp, op] = &report.targets[..] else {
        panic!("four targets");
    };
    // LinkedIn is read while Facebook is down: the member's and the page's followers, their
    // latest posts with the counts LinkedIn gives (no reposts).
    assert_eq!(
        mp.audience.value().unwrap().followers,
        Some(870),
        "{report}"
    );
    assert_eq!(
        op.audience.value().unwrap().followers,
        Some(252),
        "{report}"
    );
    for recent in [mp.recent.value().unwrap(), op.recent.value().unwrap()] {
        assert_eq!(recent.len(), 1, "{report}");
        assert_eq!(recent[0].reactions, Some(0), "{report}");
        assert_eq!(recent[0].comments, Some(0), "{report}");
        assert_eq!(recent[0].reposts, None, "{report}");
    }
    assert_eq!(xp.target.id, TargetId::new(Network::X, w.alice.clone()));
    assert_eq!(xp.read_at, at(NOW));
    assert!(xp.audience.value().unwrap().followers.is_some());
    let recent = xp.recent.value().unwrap();
    assert_eq!(recent[0].post, PostId::new(post));
    assert_eq!(recent[0].reactions, Some(0));
    assert!(fp.failed(), "{report}");
    assert!(report.to_string().contains("FAILED"), "{report}");

    // Up again: the Page's audience and its posts' engagement.
    w.server.mock_server().reset().await;
    w.server.mount("/x", &w.x).await;
    w.server.mount("/facebook", &w.graph).await;
    w.server.mount("/linkedin", &w.linkedin).await;
    let report = presence(&targets, 3, &w.clock).await;
    let fp = &report.targets[1];
    assert!(fp.audience.value().is_some(), "{report}");
    let posts = fp.recent.value().unwrap();
    assert!(
        posts.iter().any(|e| e.post == PostId::new(DEMO_POST_ID)),
        "{report}"
    );
    assert!(
        posts
            .iter()
            .all(|e| e.comments.is_some() && e.reactions.is_some())
    );
}

// Case 4: the inbox reads what waits on every target, newest first; the cursors give only what
// is new next time; an item answered through the inbox is no longer waiting.
#[tokio::test]
async fn case4_inbox_cursors_return_only_new_items_and_answers_remove_them() {
    let w = World::new().await;
    let (x, page, member, firm) = (w.x(), w.page(), w.member(), w.firm());
    let bob = w.x.add_user("bob", "Bob");
    w.advance(60);
    let question = w.x.post_as(&bob, "@alice are you open on Saturday?");
    let sources: [&dyn AwaitingReplies; 4] = [&x, &page, &member, &firm];
    let mut inbox = Inbox::new(&sources);

    let first = inbox.read().await;
    assert!(first.failed.is_empty(), "{first}");
    let ids: Vec<&str> = first.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert_eq!(ids[0], question, "newest first: {first}");
    assert!(ids.contains(&DEMO_QUESTION_COMMENT_ID), "{first}");
    let times: Vec<_> = first.items.iter().map(|i| i.comment.created_at).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {first}"
    );
    assert!(times.iter().all(Option::is_some));
    assert_eq!(first.items[0].comment.network, Network::X);
    let demo_question = first
        .items
        .iter()
        .find(|i| i.comment.id.as_str() == DEMO_QUESTION_COMMENT_ID)
        .unwrap()
        .clone();
    assert_eq!(
        first.items[0]
            .comment
            .author
            .as_ref()
            .unwrap()
            .handle
            .as_deref(),
        Some("bob")
    );

    // Nothing new: nothing read.
    assert!(inbox.read().await.items.is_empty());

    // Something new on each network: only that is read.
    w.advance(60);
    let carol = w.x.add_user("carol", "Carol");
    let later = w.x.post_as(&carol, "@alice thanks for the advice!");
    let visitor = w.graph.add_user("Jean Dupont");
    let comment = w
        .graph
        .add_visitor_comment(&visitor, DEMO_POST_ID, "Do you take new clients?");
    let li_question = linkedin_visitor_comments(&w, &firm_post(&w), "Do you hire interns?").await;
    let second = inbox.read().await;
    let mut ids: Vec<&str> = second.items.iter().map(|i| i.comment.id.as_str()).collect();
    ids.sort();
    let mut expected = [later.as_str(), comment.as_str(), li_question.as_str()];
    expected.sort();
    assert_eq!(ids, expected, "{second}");
    let li_item = second
        .items
        .iter()
        .find(|i| i.comment.id.as_str() == li_question)
        .unwrap()
        .clone();
    assert_eq!(li_item.target.id, firm.target().id, "{second}");
    inbox
        .answer(&li_item, "Yes: write to jobs@example.com.")
        .await
        .unwrap();

    // Answer the first question through the inbox: it is no longer waiting, even for a fresh
    // inbox without cursors.
    inbox
        .answer(&first.items[0], "Yes, from 9 to 12.")
        .await
        .unwrap();
    inbox
        .answer(&demo_question, "Thank you, we will call you.")
        .await
        .unwrap();
    let fresh = Inbox::new(&sources).read().await;
    let waiting: Vec<&str> = fresh.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert!(!waiting.contains(&question.as_str()), "{fresh}");
    assert!(!waiting.contains(&DEMO_QUESTION_COMMENT_ID), "{fresh}");
    assert!(waiting.contains(&later.as_str()), "{fresh}");
    assert!(!waiting.contains(&li_question.as_str()), "{fresh}");

    // Cursors are data, keyed by target.
    let json = serde_json::to_value(inbox.cursors()).unwrap();
    assert!(json.get(format!("x:{}", w.alice)).is_some(), "{json}");
    assert!(
        json.get(format!("facebook:{DEMO_PAGE_ID}")).is_some(),
        "{json}"
    );
    assert!(
        json.get(format!(
            "linkedin:urn:li:organization:{DEMO_ORGANIZATION_ID}"
        ))
        .is_some(),
        "{json}"
    );
}

/// A user's own adapter: a newsletter that "publishes" into memory, with its own identity.
#[derive(Default)]
struct Newsletter {
    sent: Mutex<Vec<Post>>,
}

impl Identity for Newsletter {
    fn target(&self) -> Target {
        Target::new(Network::X, "newsletter-weekly", "The weekly newsletter")
    }
}

#[async_trait]
impl Publisher for Newsletter {
    fn network(&self) -> Network {
        Network::X
    }

    fn capabilities(&self) -> social_core::Capabilities {
        social_core::Capabilities::new(Network::X, 10_000, social_core::LengthCounting::Characters)
    }

    fn validate(&self, _post: &Post) -> Result<()> {
        Ok(())
    }

    async fn publish(&self, post: &Post) -> Result<Published> {
        let mut sent = self.sent.lock().unwrap();
        sent.push(post.clone());
        Ok(Published::new(
            Network::X,
            PostId::new(format!("issue-{}", sent.len())),
            None,
        ))
    }

    async fn delete(&self, _id: &PostId) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl AudienceReader for Newsletter {
    async fn audience(&self) -> Result<Audience> {
        Ok(Audience::new(Network::X, UserId::new("newsletter-weekly")).with_followers(420))
    }
}

#[async_trait]
impl RecentPosts for Newsletter {
    async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>> {
        Ok((0..limit.min(2))
            .map(|i| Engagement::new(PostId::new(format!("issue-{i}"))).with_reactions(7))
            .collect())
    }
}

// Done when: any implementation of the traits takes part, with its own identity (an X-network
// adapter that is not the X account), its own per-target override and media.
#[tokio::test]
async fn case6_an_adapter_written_here_takes_part_with_its_own_identity() {
    let w = World::new().await;
    let (x, newsletter) = (w.x(), Newsletter::default());
    let media = MediaRef::new(MediaId::new("cover.png")).with_alt_text("Our new office");
    let draft = Post::new("We moved!").with_target_override(
        newsletter.target().id,
        Override::default()
            .with_text("This week: we moved to 12 rue de la Paix.")
            .with_media([media.clone()]),
    );
    let report = broadcast(&[&x, &newsletter], &draft, &w.options()).await;
    assert!(report.settled(), "{report}");
    let sent = newsletter.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].text, "This week: we moved to 12 rue de la Paix.");
    assert_eq!(sent[0].media, [media]);
    assert_eq!(
        w.x.state().with(|s| s
            .post_text(report.targets[0].published_id())
            .map(str::to_string)),
        Some("We moved!".to_string())
    );

    let targets: [&dyn PresenceSource; 2] = [&x, &newsletter];
    let report = presence(&targets, 5, &w.clock).await;
    assert_eq!(report.targets[1].target.label, "The weekly newsletter");
    assert_eq!(
        report.targets[1].audience.value().unwrap().followers,
        Some(420)
    );

    // Two wrappers of one identity are refused, offline.
    let twice = broadcast(&[&newsletter, &newsletter], &draft, &w.options()).await;
    assert!(
        twice
            .targets
            .iter()
            .all(|t| matches!(t.outcome, Outcome::Refused { .. }))
    );
}

trait PublishedId {
    fn published_id(&self) -> &str;
}

impl PublishedId for social_core::broadcast::TargetReport {
    fn published_id(&self) -> &str {
        match &self.outcome {
            Outcome::Published { published } => published.id.as_str(),
            other => panic!("not published: {other:?}"),
        }
    }
}

// LinkedIn: the member and the page as presence and inbox sources.

/// A client of the LinkedIn fake signed with `token`.
fn linkedin_as(w: &World, token: &str) -> LinkedInClient {
    LinkedInClient::builder()
        .base_url(format!("{}/linkedin", w.server.uri()))
        .retry_policy(retries())
        .clock(Arc::new(w.clock.clone()))
        .access_token(AccessToken::new(token))
        .build()
        .unwrap()
}

/// The URN of the latest post of `author` in the LinkedIn fake.
fn latest_post_of(w: &World, author: &str) -> String {
    w.linkedin.state().lock().posts_by(author).pop().unwrap()
}

fn firm_post(w: &World) -> String {
    latest_post_of(w, &format!("urn:li:organization:{DEMO_ORGANIZATION_ID}"))
}

fn member_post(w: &World) -> String {
    latest_post_of(w, &format!("urn:li:person:{DEMO_MEMBER_SUB}"))
}

/// A new visitor (a member with the self-serve scopes) and their client.
fn linkedin_visitor(w: &World) -> (PersonUrn, LinkedInClient) {
    let visitor = w.linkedin.add_member("Jean", "Dupont");
    let token = w
        .linkedin
        .member_token(&visitor, &["openid", "profile", "w_member_social"]);
    (PersonUrn::new(&visitor).unwrap(), linkedin_as(w, &token))
}

/// A new visitor comments `text` on `post`; the comment's URN.
async fn linkedin_visitor_comments(w: &World, post: &str, text: &str) -> String {
    let (visitor, li) = linkedin_visitor(w);
    let post: PostUrn = post.parse().unwrap();
    let created = li
        .comments()
        .create(&post, visitor)
        .text(text)
        .send()
        .await
        .unwrap();
    created.urn().unwrap().to_string()
}

// Case 3 on LinkedIn: the page's followers and its latest posts' engagement from ONE batch
// social-metadata read; a member whose token lacks `r_member_profileAnalytics` is reported as
// failed for the audience (never zeros) while their posts are read.
#[tokio::test]
async fn case3_presence_linkedin_page_engagement_and_member_without_analytics_scope() {
    let w = World::new().await;
    let firm = w.firm();
    // (The demo's seeded post is dated by the wall clock: only these two are ordered here.)
    let first = w.linkedin.post_as(
        &format!("urn:li:organization:{DEMO_ORGANIZATION_ID}"),
        "Le cabinet sera fermé lundi.",
    );
    w.advance(60);
    let second = w.linkedin.post_as(
        &format!("urn:li:organization:{DEMO_ORGANIZATION_ID}"),
        "Nous recrutons un juriste.",
    );
    let (visitor, li) = linkedin_visitor(&w);
    let post: PostUrn = second.parse().unwrap();
    li.reactions()
        .react(visitor.clone(), &post, ReactionType::Like)
        .await
        .unwrap();
    li.comments()
        .create(&post, visitor)
        .text("Bravo !")
        .send()
        .await
        .unwrap();
    let scopes: Vec<&str> = ALL_SCOPES
        .iter()
        .copied()
        .filter(|s| *s != "r_member_profileAnalytics")
        .collect();
    let token = w.linkedin.member_token(DEMO_MEMBER_SUB, &scopes);
    let member = LinkedInMember::new(
        linkedin_as(&w, &token),
        PersonUrn::new(DEMO_MEMBER_SUB).unwrap(),
    );

    let targets: [&dyn PresenceSource; 2] = [&member, &firm];
    let report = presence(&targets, 5, &w.clock).await;
    let [mp, op] = &report.targets[..] else {
        panic!("two targets");
    };
    // The member: the audience failed (naming the scope), not zeros; the posts are read.
    let Reading::Failed { error } = &mp.audience else {
        panic!("the member's audience needs r_member_profileAnalytics: {report}");
    };
    assert!(error.contains("r_member_profileAnalytics"), "{error}");
    assert!(mp.audience.value().is_none());
    assert_eq!(mp.recent.value().unwrap().len(), 1, "{report}");
    assert!(!mp.failed());
    // The page: its followers and its three posts, newest first, with their engagement.
    assert_eq!(
        op.audience.value().unwrap().followers,
        Some(252),
        "{report}"
    );
    let recent = op.recent.value().unwrap();
    assert_eq!(recent.len(), 3, "{report}");
    let place = |id: &str| recent.iter().position(|e| e.post.as_str() == id).unwrap();
    assert!(place(&second) < place(&first), "newest first: {report}");
    let (new, old) = (&recent[place(&second)], &recent[place(&first)]);
    assert_eq!(new.reactions, Some(1), "{report}");
    assert_eq!(new.comments, Some(1), "{report}");
    assert_eq!(new.reposts, None, "LinkedIn gives no repost count");
    assert_eq!(new.created_at, Some(at(NOW + 60)));
    assert_eq!(
        new.url.as_deref(),
        Some(format!("https://www.linkedin.com/feed/update/{second}/").as_str())
    );
    assert_eq!(
        (old.reactions, old.comments),
        (Some(0), Some(0)),
        "{report}"
    );
    // One batch read of social metadata per target, never one per post.
    assert_eq!(w.requests("GET", "/linkedin/rest/socialMetadata").await, 2);
    assert!(report.to_string().contains("FAILED"), "{report}");
}

// Case 4 on LinkedIn: a visitor's comments wait on the identity whose post they are on; the
// identity's own comments and comments it already answered do not; answering through the inbox
// removes the item; the cursor gives only what is new.
#[tokio::test]
async fn case4_inbox_linkedin_comments_wait_on_their_identity_until_answered() {
    let w = World::new().await;
    let (member, firm) = (w.member(), w.firm());
    let (mine, theirs) = (member_post(&w), firm_post(&w));
    w.advance(60);
    let on_member = linkedin_visitor_comments(&w, &mine, "Félicitations !").await;
    w.advance(60);
    let on_firm = linkedin_visitor_comments(&w, &theirs, "Do you hire interns?").await;
    w.advance(60);
    let answered = linkedin_visitor_comments(&w, &theirs, "Open on Saturday?").await;
    firm.reply(
        &PostId::new(theirs.clone()),
        Some(&social_core::CommentId::new(answered.clone())),
        "No, Monday to Friday.",
    )
    .await
    .unwrap();
    member
        .reply(&PostId::new(mine.clone()), None, "Merci à tous !")
        .await
        .unwrap();

    let sources: [&dyn AwaitingReplies; 2] = [&member, &firm];
    let mut inbox = Inbox::new(&sources);
    let first = inbox.read().await;
    assert!(first.failed.is_empty(), "{first}");
    let ids: Vec<&str> = first.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert_eq!(ids, [on_firm.as_str(), on_member.as_str()], "{first}");
    assert_eq!(first.items[0].target.id, firm.target().id);
    assert_eq!(first.items[1].target.id, member.target().id);
    assert_eq!(first.items[1].comment.post, PostId::new(mine.clone()));
    assert_eq!(first.items[1].comment.network, Network::LinkedIn);
    assert!(
        first.items[1]
            .comment
            .author
            .as_ref()
            .is_some_and(|a| a.id.as_str().starts_with("urn:li:person:")),
        "{first}"
    );
    assert_eq!(first.items[1].comment.created_at, Some(at(NOW + 60)));

    // Answered through the inbox: no longer waiting, even for a fresh inbox.
    inbox.answer(&first.items[1], "Merci Jean !").await.unwrap();
    let fresh = Inbox::new(&sources).read().await;
    let ids: Vec<&str> = fresh.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert_eq!(ids, [on_firm.as_str()], "{fresh}");

    // The cursor: nothing new, nothing read; a new comment, only it.
    assert!(inbox.read().await.items.is_empty());
    w.advance(60);
    let later = linkedin_visitor_comments(&w, &mine, "Une question sur le bail.").await;
    let next = inbox.read().await;
    let ids: Vec<&str> = next.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert_eq!(ids, [later.as_str()], "{next}");
    assert_eq!(next.items[0].target.id, member.target().id);
}

// Case 4 on LinkedIn: a member whose token cannot read posts back (the self-serve scopes only)
// is a failed line of the inbox; the page is read all the same.
#[tokio::test]
async fn case4_inbox_linkedin_member_without_read_scope_is_failed_not_fatal() {
    let w = World::new().await;
    let firm = w.firm();
    let member = LinkedInMember::new(
        linkedin_as(&w, DEMO_SELF_SERVE_TOKEN),
        PersonUrn::new(DEMO_MEMBER_SUB).unwrap(),
    );
    w.advance(60);
    let question = linkedin_visitor_comments(&w, &firm_post(&w), "Do you hire interns?").await;
    let sources: [&dyn AwaitingReplies; 2] = [&member, &firm];
    let mut inbox = Inbox::new(&sources);
    let read = inbox.read().await;
    let ids: Vec<&str> = read.items.iter().map(|i| i.comment.id.as_str()).collect();
    assert_eq!(ids, [question.as_str()], "{read}");
    assert_eq!(read.failed.len(), 1, "{read}");
    assert_eq!(read.failed[0].target.id, member.target().id);
    assert!(inbox.cursors().get(&member.target().id).is_none());
}
