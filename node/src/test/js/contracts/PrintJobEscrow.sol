// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// A customer escrows the price of a print job; the provider who accepts it is paid when the
/// customer confirms delivery. Small on purpose: events, value transfers, views and reverts with
/// reasons, the parts of a contract that the real-client tests drive through JSON-RPC.
contract PrintJobEscrow {
    enum Status { None, Posted, Accepted, Paid }

    struct Job {
        address customer;
        address provider;
        uint256 price;
        Status status;
    }

    event JobPosted(uint256 indexed id, address indexed customer, uint256 price, string design);
    event JobAccepted(uint256 indexed id, address indexed provider);
    event JobPaid(uint256 indexed id, address indexed provider, uint256 amount);

    error NotTheCustomer(uint256 id, address caller);

    mapping(uint256 => Job) public jobs;
    uint256 public jobCount;

    function post(string calldata design) external payable returns (uint256 id) {
        require(msg.value > 0, "price must be positive");
        id = ++jobCount;
        jobs[id] = Job(msg.sender, address(0), msg.value, Status.Posted);
        emit JobPosted(id, msg.sender, msg.value, design);
    }

    function accept(uint256 id) external {
        Job storage job = jobs[id];
        require(job.status == Status.Posted, "job is not open");
        job.provider = msg.sender;
        job.status = Status.Accepted;
        emit JobAccepted(id, msg.sender);
    }

    function confirm(uint256 id) external {
        Job storage job = jobs[id];
        if (msg.sender != job.customer) revert NotTheCustomer(id, msg.sender);
        require(job.status == Status.Accepted, "job is not accepted");
        job.status = Status.Paid;
        emit JobPaid(id, job.provider, job.price);
        (bool sent, ) = job.provider.call{value: job.price}("");
        require(sent, "payment failed");
    }

    function escrowed() external view returns (uint256) {
        return address(this).balance;
    }
}
