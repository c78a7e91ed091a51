using Switchboard.Calling.Sfu;

namespace Switchboard.Tests.Calling.Sfu;

/// <summary>Real media through Janus: chromium pages publish and subscribe through the adapter the calling service uses.</summary>
[Collection(SfuCollection.Name)]
public sealed class SfuMediaTests(SfuServer fixture)
{
    [Fact]
    public async Task Three_participants_each_receive_the_others_audio_and_video_in_one_subscriber_connection_and_talking_is_reported()
    {
        await fixture.RunningJanusAsync();
        var opened = await fixture.Sfu.OpenRoomAsync("call-three", default);
        Assert.True(opened.IsSuccess, opened.Error?.ToString());
        await using var room = opened.Value;
        var peers = new List<SfuPeer>();
        try
        {
            foreach (var key in new[] { "ann", "bob", "cat" })
            {
                peers.Add(await SfuPeer.OpenAsync(fixture, key));
            }

            var events = new RoomEvents(room, c => peers.Single(p => p.Key == c.ParticipantKey).AddCandidateAsync(c.Link, c.Candidate));
            foreach (var peer in peers)
            {
                await peer.PublishAsync(room);
            }

            await events.WaitAsync<SfuFeedsChanged>(f => f.Feeds.Count == 3);
            Assert.Equal(["ann", "bob", "cat"], room.Feeds.Select(f => f.ParticipantKey));
            Assert.All(room.Feeds, f => Assert.Equal(["audio:", "video:camera"], f.Streams.Select(s => $"{s.Kind.ToString().ToLowerInvariant()}:{s.Description}")));

            foreach (var peer in peers)
            {
                var offer = await room.SubscribeAsync(peer.Key, default);
                Assert.True(offer.IsSuccess, offer.Error?.ToString());
                // One PeerConnection carries both others' audio and video, each stream labelled with its publisher.
                var others = peers.Where(p => p != peer).Select(p => p.Key).ToList();
                Assert.Equal(
                    others.SelectMany(o => new[] { $"{o}:Audio:", $"{o}:Video:camera" }).Order(),
                    offer.Value.Streams.Select(s => $"{s.FeedParticipantKey}:{s.Kind}:{s.Description}").Order());
                await peer.AnswerAsync(room, offer.Value);
                await peer.ReceivesAsync(offer.Value.Streams);
            }

            await events.WaitAsync<SfuMediaUp>(m => m.Link == SfuLink.Subscriber);
            Assert.Equal(6, events.Seen.OfType<SfuMediaUp>().Select(m => (m.ParticipantKey, m.Link)).Distinct().Count());
            // Chromium's fake microphone beeps: the VideoRoom's audio levels mark its publisher as talking.
            var talking = await events.WaitAsync<SfuTalking>(t => t.IsTalking, TimeSpan.FromSeconds(30));
            Assert.Contains(talking.ParticipantKey, new[] { "ann", "bob", "cat" });
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_late_publisher_with_a_screen_share_reaches_existing_subscribers_and_its_leaving_drops_its_streams()
    {
        var janus = await fixture.RunningJanusAsync();
        var opened = await fixture.Sfu.OpenRoomAsync("call-late", default);
        Assert.True(opened.IsSuccess, opened.Error?.ToString());
        var room = (JanusRoom)opened.Value;
        await using var ann = await SfuPeer.OpenAsync(fixture, "ann");
        await using var bob = await SfuPeer.OpenAsync(fixture, "bob");
        await using var cat = await SfuPeer.OpenAsync(fixture, "cat");
        var peers = new[] { ann, bob, cat };
        var events = new RoomEvents(room, c => peers.Single(p => p.Key == c.ParticipantKey).AddCandidateAsync(c.Link, c.Candidate));
        try
        {
            await ann.PublishAsync(room);
            await events.WaitAsync<SfuFeedsChanged>(f => f.Added.Contains("ann"));
            Assert.Equal(SfuErrorCode.NoFeeds, (await room.SubscribeAsync("ann", default)).Error?.Code);
            // A feed is listed (and can be subscribed to) once its media is up at Janus, as the server will learn it.
            await bob.PublishAsync(room);
            await events.WaitAsync<SfuFeedsChanged>(f => f.Added.Contains("bob"));
            await ann.SubscribeAsync(room);
            await bob.SubscribeAsync(room);

            // Cat arrives late with camera and screen share: the others learn it and renegotiate to receive it.
            await cat.PublishAsync(room, withScreen: true);
            var added = await events.WaitAsync<SfuFeedsChanged>(f => f.Added.Contains("cat"));
            Assert.Equal(["audio:", "video:camera", "video:screen"], added.Feeds.Single(f => f.ParticipantKey == "cat").Streams.Select(s => $"{s.Kind.ToString().ToLowerInvariant()}:{s.Description}"));
            foreach (var peer in new[] { ann, bob })
            {
                var update = await room.UpdateSubscriptionAsync(peer.Key, default);
                Assert.True(update.IsSuccess, update.Error?.ToString());
                var fromCat = update.Value.Streams.Where(s => s.FeedParticipantKey == "cat").ToList();
                Assert.Equal(["Audio:", "Video:camera", "Video:screen"], fromCat.Select(s => $"{s.Kind}:{s.Description}"));
                await peer.AnswerAsync(room, update.Value);
                await peer.ReceivesAsync(update.Value.Streams);
                Assert.Equal(SfuErrorCode.NoChange, (await room.UpdateSubscriptionAsync(peer.Key, default)).Error?.Code);
            }

            // Cat leaves: the others are told, and their next offer no longer carries cat's streams.
            Assert.True((await room.LeaveAsync("cat", default)).IsSuccess);
            await events.WaitAsync<SfuFeedsChanged>(f => f.Removed.Contains("cat"));
            Assert.Equal(["ann", "bob"], room.Feeds.Select(f => f.ParticipantKey));
            foreach (var peer in new[] { ann, bob })
            {
                var update = await room.UpdateSubscriptionAsync(peer.Key, default);
                Assert.True(update.IsSuccess, update.Error?.ToString());
                Assert.DoesNotContain(update.Value.Streams, s => s.FeedParticipantKey == "cat");
                Assert.Equal(2, update.Value.Streams.Count);
                await peer.AnswerAsync(room, update.Value);
                await peer.ReceivesAsync(update.Value.Streams);
            }
        }
        finally
        {
            await room.DisposeAsync();
        }

        // Disposing the room destroys it on Janus.
        Assert.False(await JanusProbe.RoomExistsAsync(janus, room.RoomId));
    }
}
