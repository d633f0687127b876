extern alias device;

using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using FlashFiles = device::Pen.Firmware.Adapters.FlashFiles;
using PenRecords = device::Pen.Core.Records.PenRecords;
using SlotState = device::Pen.Core.Records.SlotState;
using Treatment = device::Pen.Core.Session.Treatment;

namespace Pen.Device.Tests
{
    /// <summary>
    /// The device adapter of the records' files (firmware/Pen.Firmware/Adapters/FlashFiles.cs), run on a host directory
    /// through System.IO as the device runs it on I:, under the core's records as the device compiles them: a 1 MB file of
    /// garbage, truncated files and a volume that refuses writes boot into the conservative state with the damage readable.
    /// </summary>
    [TestClass]
    public sealed class FlashFilesTests
    {
        private string _dir = "";

        [TestInitialize]
        public void MakeDirectory()
        {
            _dir = Path.Combine(Path.GetTempPath(), "pen-flash-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        [TestCleanup]
        public void RemoveDirectory()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        private string Prefix => Path.Combine(_dir, "pen-");

        [TestMethod]
        public void Writes_appends_and_reads_land_in_one_file_per_name_and_a_missing_file_reads_empty()
        {
            var flash = new FlashFiles(Prefix);
            byte[] buffer = new byte[16];
            Assert.AreEqual(0, flash.Read("nothing", 0, buffer, 16));
            Assert.IsTrue(flash.Write("a", Bytes("hello\n"), 6));
            Assert.IsTrue(flash.Append("a", Bytes("world\n"), 6));
            Assert.AreEqual("hello\nworld\n", File.ReadAllText(Prefix + "a"));
            Assert.AreEqual(5, flash.Read("a", 7, buffer, 5));
            Assert.AreEqual("orld\n", System.Text.Encoding.ASCII.GetString(buffer, 0, 5));
            Assert.AreEqual(0, flash.Read("a", 12, buffer, 16), "at the end");
            Assert.IsTrue(flash.Write("a", Bytes("x"), 1));
            Assert.AreEqual("x", File.ReadAllText(Prefix + "a"), "a write replaces the file");
            Assert.IsTrue(flash.Write("a", new byte[0], 0));
            Assert.AreEqual(0L, new FileInfo(Prefix + "a").Length, "emptied");
        }

        [TestMethod]
        public void A_megabyte_of_garbage_and_truncated_files_boot_with_the_cartridge_used_and_the_damage_readable()
        {
            var flash = new FlashFiles(Prefix);
            var factory = new PenRecords(flash);
            factory.Load();
            Assert.IsTrue(factory.WriteNow(PenRecords.CartridgeSlot, Treatment.CartridgeRecord(false, 4, 0)));
            for (int i = 0; i < 60; i++) Assert.IsTrue(factory.Append("fault seq=" + i + " code=9"));

            File.WriteAllBytes(Prefix + "log0", Garbage(1024 * 1024, 3));
            byte[] cart = File.ReadAllBytes(Prefix + "cart.a");
            File.WriteAllBytes(Prefix + "cart.a", cart.AsSpan(0, cart.Length / 2).ToArray()); // truncated: power lost mid-write
            File.WriteAllBytes(Prefix + "cart.b", Garbage(1024 * 1024, 4));                      // and the other copy garbage

            long allocated = BootAllocation(flash, out PenRecords boot, out Treatment treatment);

            Assert.IsTrue(treatment.CartridgeUsed, "a cartridge in doubt is used");
            Assert.AreEqual(SlotState.Damaged, boot.StateOf(PenRecords.CartridgeSlot));
            Assert.IsTrue(boot.Damaged, "readable: the damage latch");
            Assert.AreEqual("cart", boot.DamagedNames);
            Assert.AreEqual(1, boot.LogDamagedFiles, "the garbage log file");
            Assert.AreEqual(10, boot.Count, "the other log file's records");
            Assert.IsTrue(boot.Failing);
            // memory does not grow with what the files hold: the same boot over 64 kB of garbage allocates as much
            File.WriteAllBytes(Prefix + "log0", Garbage(64 * 1024, 3));
            File.WriteAllBytes(Prefix + "cart.b", Garbage(64 * 1024, 4));
            long small = BootAllocation(flash, out _, out _);
            Assert.IsTrue(allocated <= small * 11 / 10, "1 MB files: " + allocated + " bytes allocated; 64 kB files: " + small);
            Assert.IsTrue(new PenRecords(flash) is { } again && Reopen(again).Damaged, "the damage latch is on the flash");
        }

        [TestMethod]
        public void A_volume_that_refuses_writes_is_an_answer_not_an_exception_and_boot_goes_on()
        {
            var flash = new FlashFiles(Prefix);
            // the volume refuses these files (here: a directory where each file would be)
            foreach (string name in new[] { "cart.a", "cart.b", "service.a", "service.b", "damage.a", "damage.b", "log0" })
                Directory.CreateDirectory(Prefix + name);
            Assert.IsFalse(flash.Write("cart.a", Bytes("x"), 1));
            Assert.IsFalse(flash.Append("log0", Bytes("x"), 1));
            Assert.IsTrue(flash.Read("cart.a", 0, new byte[8], 8) <= 0, "nothing to read");

            var boot = new PenRecords(flash);
            boot.Open();
            var treatment = new Treatment();
            treatment.Boot(boot, true, 0);
            Assert.IsTrue(treatment.CartridgeUsed, "no cartridge record: in doubt, used");
            Assert.IsFalse(boot.WriteNow(PenRecords.CartridgeSlot, Treatment.CartridgeRecord(true, 1, 1)), "refused");
            Assert.IsTrue(boot.Failing, "and said so");
        }

        private static long BootAllocation(FlashFiles flash, out PenRecords records, out Treatment treatment)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            records = new PenRecords(flash);
            records.Open();
            treatment = new Treatment();
            treatment.Boot(records, true, 0);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        private static PenRecords Reopen(PenRecords r)
        {
            r.Load();
            return r;
        }

        private static byte[] Bytes(string s) => System.Text.Encoding.ASCII.GetBytes(s);

        private static byte[] Garbage(int length, int seed)
        {
            var g = new byte[length];
            new Random(seed).NextBytes(g);
            return g;
        }
    }
}
