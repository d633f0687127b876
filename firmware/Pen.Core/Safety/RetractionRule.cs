namespace Pen.Core.Safety
{
    /// <summary>What the drive may do about the needles while a fault stops the motor, strictest last (the strictest active rule holds).</summary>
    public enum RetractionRule
    {
        /// <summary>Bring them in with the bridge: brake, then crawl forward to the retracted point (backward if forward does not get there).</summary>
        DriveIn = 0,
        /// <summary>As <see cref="DriveIn"/>, but backward first: the cam is held forward (a jam), so backing it out is the way in.</summary>
        BackOut = 1,
        /// <summary>
        /// Never drive: the fault lies in the bridge, or in a reading the crawl needs. The bridge stays released and the
        /// return spring alone carries the needles back, except where the cam comes to rest within a few degrees of the
        /// bottom of its stroke (friction holds it where the spring's lever is short); once the cam rests the Hall level
        /// tells, and outside the arc the pen says so (<see cref="FaultCode.NeedlesMayBeOut"/>).
        /// </summary>
        BridgeReleased = 2,
        /// <summary>As <see cref="BridgeReleased"/>, and the Hall sensor that would confirm the rest is what failed: the pen says at once that the needles may be out.</summary>
        Unconfirmable = 3,
    }
}
